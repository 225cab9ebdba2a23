import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useLocation } from "wouter";
import { messageOf } from "../lib/errors.js";
import { keepNewer } from "../lib/keepNewer.js";
import { forbiddenBecause, type ManagementAction } from "../lib/statusRules.js";
import { useTRPC } from "../lib/trpc.js";
import type { TaskRecord } from "../lib/types.js";

const NOT_ALLOWED = "You are not allowed to do this (authorize refused it).";

/**
 * Retry, abort, delete and trigger again. Each button is disabled, with the reason beside it, when
 * the task's status forbids the action or `authorize` refuses it for this viewer.
 */
export function ActionsPanel({ task, onRestarted }: { task: TaskRecord; onRestarted: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [, navigate] = useLocation();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const permissions = useQuery(trpc.tasks.permissions.queryOptions({ name: task.name }));
  const setTask = (record: unknown) =>
    queryClient.setQueryData(trpc.tasks.get.queryKey({ id: task.id }), (current) =>
      keepNewer(current as TaskRecord | undefined, record as TaskRecord),
    );

  const retry = useMutation(
    trpc.tasks.retry.mutationOptions({
      onSuccess(record) {
        setTask(record);
        onRestarted();
      },
    }),
  );
  const abort = useMutation(trpc.tasks.abort.mutationOptions({ onSuccess: (record) => setTask(record) }));
  const remove = useMutation(
    trpc.tasks.delete.mutationOptions({
      onSuccess() {
        queryClient.removeQueries({ queryKey: trpc.tasks.get.queryKey({ id: task.id }) });
        navigate("/");
      },
    }),
  );

  const reason = (action: ManagementAction | "trigger"): string | undefined => {
    if (permissions.data && !permissions.data[action]) return NOT_ALLOWED;
    return action === "trigger" ? undefined : forbiddenBecause(action, task.status);
  };
  const failed = [retry, abort, remove].find((mutation) => mutation.error);

  return (
    <fieldset className="actions">
      <legend className="sr-only">Actions</legend>
      <Action
        label="Retry"
        reason={reason("retry")}
        busy={retry.isPending}
        onClick={() => retry.mutate({ id: task.id })}
      />
      <Action
        label="Abort"
        reason={reason("abort")}
        busy={abort.isPending}
        onClick={() => abort.mutate({ id: task.id, reason: "aborted from the dashboard" })}
      />
      <Action
        label={confirmDelete ? "Confirm delete" : "Delete"}
        danger
        reason={reason("delete")}
        busy={remove.isPending}
        onClick={() => (confirmDelete ? remove.mutate({ id: task.id }) : setConfirmDelete(true))}
      />
      <Action
        label="Trigger again…"
        reason={reason("trigger")}
        busy={false}
        onClick={() =>
          navigate(`/trigger/${encodeURIComponent(task.name)}?from=${encodeURIComponent(task.id)}`)
        }
      />
      {failed ? (
        <p className="note note-error" role="alert">
          {messageOf(failed.error)}
        </p>
      ) : null}
    </fieldset>
  );
}

function Action(props: {
  label: string;
  reason: string | undefined;
  busy: boolean;
  danger?: boolean;
  onClick: () => void;
}) {
  const id = `reason-${props.label.replace(/\W+/g, "-").toLowerCase()}`;
  return (
    <div className="action">
      <button
        type="button"
        className={props.danger ? "button danger" : "button"}
        disabled={props.reason !== undefined || props.busy}
        aria-describedby={props.reason ? id : undefined}
        onClick={props.onClick}
      >
        {props.busy ? `${props.label}…` : props.label}
      </button>
      {props.reason ? (
        <span className="reason" id={id}>
          {props.reason}
        </span>
      ) : null}
    </div>
  );
}

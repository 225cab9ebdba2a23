import { skipToken, useMutation, useQuery } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";
import { Link, useLocation, useSearchParams } from "wouter";
import { ErrorNote } from "../components/ErrorNote.js";
import { SchemaField } from "../form/SchemaField.js";
import { initialValue, type JsonSchema, reviveDates } from "../form/schema.js";
import { issuesOf, messageOf } from "../lib/errors.js";
import { useTRPC } from "../lib/trpc.js";

/** Pick a task, fill in its input (a form from its JSON Schema, or raw JSON), and trigger it. */
export function TriggerPage({ name }: { name: string | undefined }) {
  const trpc = useTRPC();
  const definitions = useQuery(trpc.tasks.definitions.queryOptions());
  const [, navigate] = useLocation();

  if (definitions.error) return <ErrorNote error={definitions.error} what="the task definitions" />;
  const list = definitions.data ?? [];
  const definition = list.find((item) => item.name === name);
  return (
    <section className="page" aria-labelledby="trigger-title">
      <div className="page-head">
        <h1 id="trigger-title">Trigger a task</h1>
      </div>
      <div className="trigger-grid">
        <nav className="task-picker" aria-label="Tasks">
          {list.map((item) => (
            <Link
              key={item.name}
              href={`/trigger/${encodeURIComponent(item.name)}`}
              className="picker-item"
              aria-current={item.name === name ? "page" : undefined}
            >
              <span className="task-name">{item.name}</span>
              {item.description ? <span className="muted">{item.description}</span> : null}
            </Link>
          ))}
          {definitions.isLoading ? <p className="muted">Loading…</p> : null}
        </nav>
        <div className="card">
          {definition ? (
            <TriggerForm
              key={definition.name}
              name={definition.name}
              description={definition.description}
              schema={definition.inputSchema as JsonSchema | null}
              onCreated={(id) => navigate(`/tasks/${id}`)}
            />
          ) : name ? (
            <p className="note note-error">No task named “{name}” is registered.</p>
          ) : (
            <p className="muted">Choose a task on the left.</p>
          )}
        </div>
      </div>
    </section>
  );
}

function TriggerForm(props: {
  name: string;
  description: string | null;
  schema: JsonSchema | null;
  onCreated: (id: string) => void;
}) {
  const trpc = useTRPC();
  const [params] = useSearchParams();
  const from = params.get("from");
  const source = useQuery(trpc.tasks.get.queryOptions(from ? { id: from } : skipToken));
  const permissions = useQuery(trpc.tasks.permissions.queryOptions({ name: props.name }));
  const [value, setValue] = useState<unknown>(() => (props.schema ? initialValue(props.schema) : {}));
  const [raw, setRaw] = useState<string | undefined>(props.schema ? undefined : "{}");
  const [rawError, setRawError] = useState<string>();

  // "Trigger again": start from the input of the task it came from, once it has loaded.
  const sourceInput = source.data?.name === props.name ? source.data.input : undefined;
  useEffect(() => {
    if (sourceInput === undefined) return;
    setValue(sourceInput);
    setRaw((current) => (current === undefined ? undefined : JSON.stringify(sourceInput, null, 2)));
  }, [sourceInput]);

  const trigger = useMutation(
    trpc.tasks.trigger.mutationOptions({ onSuccess: (record) => props.onCreated(record.id) }),
  );
  const issues = useMemo(() => {
    const byPath = new Map<string, string[]>();
    for (const issue of issuesOf(trigger.error))
      byPath.set(issue.path, [...(byPath.get(issue.path) ?? []), issue.message]);
    return byPath;
  }, [trigger.error]);

  const submit = () => {
    let input = value;
    if (raw !== undefined) {
      try {
        input = props.schema ? reviveDates(props.schema, JSON.parse(raw)) : JSON.parse(raw);
        setRawError(undefined);
      } catch (error) {
        setRawError(`Not valid JSON: ${messageOf(error)}`);
        return;
      }
    }
    trigger.mutate({ name: props.name, input });
  };
  const refused = permissions.data && !permissions.data.trigger;
  const issueList = issuesOf(trigger.error);

  return (
    <form
      className="trigger-form"
      noValidate
      aria-label={`Input of ${props.name}`}
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <div className="form-head">
        <div>
          <h2>{props.name}</h2>
          {props.description ? <p className="muted">{props.description}</p> : null}
          {sourceInput !== undefined ? (
            <p className="muted">
              Starting from the input of task <span className="mono">{from}</span>.
            </p>
          ) : null}
        </div>
        {props.schema ? (
          <fieldset className="segmented">
            <legend className="sr-only">Editor</legend>
            <button type="button" aria-pressed={raw === undefined} onClick={() => setRaw(undefined)}>
              Form
            </button>
            <button
              type="button"
              aria-pressed={raw !== undefined}
              onClick={() => setRaw(JSON.stringify(value ?? {}, null, 2))}
            >
              JSON
            </button>
          </fieldset>
        ) : null}
      </div>

      {issueList.length > 0 ? (
        <div className="note note-error" role="alert">
          <strong>The input was refused; nothing was stored.</strong>
          <ul>
            {issueList.map((issue) => (
              <li key={`${issue.path}:${issue.message}`}>
                {issue.path ? <span className="mono">{issue.path}</span> : "input"}: {issue.message}
              </li>
            ))}
          </ul>
        </div>
      ) : trigger.error ? (
        <p className="note note-error" role="alert">
          {messageOf(trigger.error)}
        </p>
      ) : null}

      {raw === undefined && props.schema ? (
        <SchemaField schema={props.schema} value={value} onChange={setValue} path="" issues={issues} />
      ) : (
        <div className="field">
          <label htmlFor="raw-input">
            Input as JSON <span className="field-type">dates as ISO strings</span>
          </label>
          <textarea
            id="raw-input"
            className="mono"
            rows={12}
            value={raw ?? ""}
            onChange={(event) => setRaw(event.target.value)}
            aria-invalid={rawError ? true : undefined}
          />
          {rawError ? <p className="field-error">{rawError}</p> : null}
        </div>
      )}

      <div className="form-actions">
        <button
          type="submit"
          className="button primary"
          disabled={refused || trigger.isPending}
          aria-describedby={refused ? "trigger-refused" : undefined}
        >
          {trigger.isPending ? "Triggering…" : `Trigger ${props.name}`}
        </button>
        {refused ? (
          <span className="reason" id="trigger-refused">
            You are not allowed to trigger {props.name} (authorize refused it).
          </span>
        ) : null}
      </div>
    </form>
  );
}

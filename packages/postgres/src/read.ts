import {
  type AttemptRow,
  type ListPage,
  type ListQuery,
  type StatsRow,
  TaskError,
  TaskErrorCode,
  type TaskRow,
} from "@errand/core/store";
import { isUuid, type PgContext, type Queryable } from "./context.js";
import { rowColumns } from "./rowColumns.js";

export async function getTask(ctx: PgContext, db: Queryable, id: string): Promise<TaskRow | null> {
  if (!isUuid(id)) return null;
  const { rows } = await db.query<TaskRow>({
    name: ctx.statement("get"),
    text: `SELECT ${rowColumns("t")} FROM ${ctx.tasks} t WHERE t.id = $1`,
    values: [id],
  });
  return rows[0] ?? null;
}

export async function taskAttempts(ctx: PgContext, db: Queryable, taskId: string): Promise<AttemptRow[]> {
  if (!isUuid(taskId)) return [];
  const { rows } = await db.query<AttemptRow>({
    name: ctx.statement("attempts"),
    text: `SELECT task_id::text AS "taskId", lease_number AS "leaseNumber", attempt,
        started_at::float8 AS "startedAt", finished_at::float8 AS "finishedAt", ended_as AS "end", error
      FROM ${ctx.schemaQuoted}.task_attempts WHERE task_id = $1 ORDER BY lease_number`,
    values: [taskId],
  });
  return rows;
}

/** Newest first by id (UUIDv7 sorts by creation), keyset-paged: a page costs the same however deep. */
export async function listTasks(ctx: PgContext, db: Queryable, query: ListQuery): Promise<ListPage> {
  const where: string[] = [];
  const values: unknown[] = [];
  const add = (condition: (param: string) => string, value: unknown) => {
    values.push(value);
    where.push(condition(`$${values.length}`));
  };
  if (query.cursor !== undefined) {
    if (!isUuid(query.cursor)) {
      throw new TaskError(TaskErrorCode.VALIDATION, `Invalid list cursor ${JSON.stringify(query.cursor)}`);
    }
    add((p) => `t.id < ${p}::uuid`, query.cursor);
  }
  if (query.name !== undefined) add((p) => `t.name = ${p}`, query.name);
  if (query.status !== undefined) add((p) => `t.status = ${p}`, query.status);
  if (query.parentId !== undefined) add((p) => `t.parent_id = ${p}`, query.parentId);
  if (query.createdFrom !== undefined) add((p) => `t.created_at >= ${p}`, query.createdFrom);
  if (query.createdTo !== undefined) add((p) => `t.created_at <= ${p}`, query.createdTo);
  values.push(query.limit + 1);
  const { rows } = await db.query<TaskRow>({
    text: `SELECT ${rowColumns("t")} FROM ${ctx.tasks} t
      ${where.length > 0 ? `WHERE ${where.join(" AND ")}` : ""}
      ORDER BY t.id DESC LIMIT $${values.length}`,
    values,
  });
  const page = rows.slice(0, query.limit);
  return { rows: page, nextCursor: rows.length > query.limit ? page.at(-1)!.id : null };
}

export async function taskStats(ctx: PgContext, db: Queryable): Promise<StatsRow[]> {
  const { rows } = await db.query<StatsRow>({
    text: `SELECT name, status, count(*)::int AS count FROM ${ctx.tasks} GROUP BY name, status`,
  });
  return rows;
}

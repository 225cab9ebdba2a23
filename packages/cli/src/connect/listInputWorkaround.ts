import type { TasksConnection } from "./connection.js";

/*
 * Workaround for a bug in @errand/core: `tasks.list()` maps rows with `page.rows.map(toRecord)`,
 * so toRecord receives each row's index in the page as its `input` argument, and every listed
 * task shows its position (0, 1, 2, ...) as its input, over a server too. Until core maps with
 * `(row) => toRecord(row)`, the listed tasks are read again one by one (one batched HTTP request
 * over a server); a task deleted in between is left out. Remove this file once core is fixed.
 */
export function withCorrectListInputs(connection: TasksConnection): TasksConnection {
  return {
    ...connection,
    async list(query) {
      const page = await connection.list(query);
      const reread = await Promise.all(page.items.map((item) => connection.get(item.id).catch(() => null)));
      return { ...page, items: reread.filter((item) => item !== null) };
    },
  };
}

import type { NewTaskRow } from "@errand/core/store";

type Column = readonly [name: string, type: string, value: (row: NewTaskRow) => unknown];

/** What a batch insert writes, in parameter order; `updated_at` is `created_at`. */
const COLUMNS: readonly Column[] = [
  ["id", "uuid", (row) => row.id],
  ["name", "text", (row) => row.name],
  ["input", "text", (row) => row.input],
  ["max_attempts", "int", (row) => row.maxAttempts],
  ["priority", "int", (row) => row.priority],
  ["run_at", "bigint", (row) => row.runAt],
  ["parent_id", "text", (row) => row.parentId],
  ["idempotency_key", "text", (row) => row.idempotencyKey],
  ["created_at", "bigint", (row) => row.createdAt],
  ["concurrency_key", "text", (row) => row.concurrencyKey],
  ["rate_key", "text", (row) => row.rateKey],
  ["debounce_key", "text", (row) => row.debounceKey],
];

/*
 * Each column goes as an array for `unnest`, or, when every row of the chunk holds the same value,
 * as an empty array plus that value once: `unnest` pads a shorter array with NULLs and
 * `coalesce(column, $value)` fills them in (for a column that varies, $value is NULL and changes
 * nothing). In a bulk trigger most columns are the same for every row (name, attempts, priority,
 * run and creation time, the keys), and a value sent once costs neither the client's array
 * serialization nor the server's array parsing. The id is always an array: ids are unique, and
 * the id array gives `unnest` its row count even for a one-row chunk.
 */

/** The parameters of `unnestRows` for one chunk: the arrays, then the values sent once. */
export function columnParams(rows: readonly NewTaskRow[]): unknown[] {
  const arrays: unknown[] = [];
  const once: unknown[] = [];
  for (const [index, [, , value]] of COLUMNS.entries()) {
    const first = value(rows[0]!);
    if (index > 0 && rows.every((row) => value(row) === first)) {
      arrays.push([]);
      once.push(first);
    } else {
      arrays.push(arrayLiteral(rows.map(value)));
      once.push(null);
    }
  }
  return [...arrays, ...once];
}

/**
 * A column's values as a Postgres array literal for `$n::type[]`, in one flat string. pg's own
 * conversion escapes each element into new strings and appends it to a growing one, and in a bulk
 * trigger that garbage lives until the chunk is sent. JSON.stringify writes the same literal: inside
 * double quotes both escape just `"` and `\` with a backslash, and `null` reads as NULL. They part
 * on control characters and lone surrogates (JSON writes `\n` or `\ud800`, Postgres would read `n`
 * or `ud800`), so a column holding either goes as an array for pg to convert.
 */
function arrayLiteral(values: unknown[]): unknown {
  for (const value of values) if (typeof value === "string" && JSON_DIFFERS.test(value)) return values;
  const json = JSON.stringify(values);
  return `{${json.slice(1, -1)}}`;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters looked for
const JSON_DIFFERS = /[\u0000-\u001f\ud800-\udfff]/;

/** `INSERT INTO tasks (...) SELECT ... FROM unnest(...)` over `columnParams`, from parameter `first` on. */
export function insertRowsSql(tasks: string, first: number): string {
  const array = (i: number) => `$${first + i}`;
  const once = (i: number) => `$${first + COLUMNS.length + i}`;
  const names = COLUMNS.map(([name]) => name);
  const created = names.indexOf("created_at");
  return `INSERT INTO ${tasks} (${names.join(", ")}, updated_at)
    SELECT ${COLUMNS.map(([name, type], i) => `coalesce(r.${name}, ${once(i)}::${type})`).join(", ")},
      coalesce(r.created_at, ${once(created)}::bigint)
    FROM unnest(${COLUMNS.map(([, type], i) => `${array(i)}::${type}[]`).join(", ")}) AS r(${names.join(", ")})`;
}

import type { NewTaskRow, StoreScope } from "@errand/core/store";
import { inTransaction, type PgContext, type Queryable } from "./context.js";
import { notifiedOrigin, transactionClient } from "./insert.js";
import { CHUNK_SIZE, insertChunks } from "./insertChunks.js";

/**
 * `Store.insertStream`: the stream's rows sent CHUNK_SIZE to a statement in one transaction. In the
 * app's transaction they go under a savepoint, so a request refused later in the stream (or a
 * failed statement) takes back these rows and nothing of the app's own work.
 */
export async function insertTaskStream(
  ctx: PgContext,
  chunks: AsyncIterable<readonly NewTaskRow[]>,
  scope: StoreScope | undefined,
): Promise<void> {
  const appClient = transactionClient(scope);
  const run = (db: Queryable) =>
    insertChunks(ctx, db, regroup(chunks, CHUNK_SIZE), notifiedOrigin(scope, appClient));
  if (!appClient) {
    await inTransaction(ctx.pool, run);
    return;
  }
  await appClient.query({ text: "SAVEPOINT errand_insert_stream" });
  try {
    await run(appClient);
  } catch (error) {
    // A client that cannot roll back is broken; the app's own ROLLBACK then reports it.
    await appClient.query({ text: "ROLLBACK TO SAVEPOINT errand_insert_stream" }).catch(() => {});
    throw error;
  }
  await appClient.query({ text: "RELEASE SAVEPOINT errand_insert_stream" });
}

async function* regroup(chunks: AsyncIterable<readonly NewTaskRow[]>, size: number) {
  let group: NewTaskRow[] = [];
  for await (const chunk of chunks) {
    for (const row of chunk) {
      group.push(row);
      if (group.length === size) {
        yield group;
        group = [];
      }
    }
  }
  if (group.length > 0) yield group;
}

import { stat } from "node:fs/promises";
import { defineTask } from "@errand/core";
import { z } from "zod";
import { appContext } from "../appContext.js";
import { CsvFormatError } from "../csv/parsePerson.js";
import { type PeopleChunk, readPeople } from "../csv/readPeople.js";

export const importCsv = defineTask({
  name: "importCsv",
  description: "Imports a people CSV into the people table, one chunk per run, resuming from a checkpoint",
  input: z.object({
    file: z.string().min(1),
    chunkSize: z.number().int().min(1).max(50_000).default(5_000),
    /** A pause between chunks, to leave the database room for other work. */
    pauseMs: z.number().int().min(0).default(0),
    /** The checkpoint: people imported so far, and the byte where the next one starts. */
    offset: z.number().int().min(0).default(0),
    byteOffset: z.number().int().min(0).optional(),
  }),
  output: z.object({ rows: z.number() }),
  retry: { maxAttempts: 5, backoff: { initialMs: 500, factor: 2 } },
  timeoutMs: 60_000,
  async run({ input, task, controller, context, logger }) {
    const { target } = appContext(context);
    let chunk: PeopleChunk;
    try {
      chunk = await readPeople(
        input.file,
        { byteOffset: input.byteOffset, firstRow: input.offset },
        input.chunkSize,
      );
    } catch (error) {
      // A malformed file fails the task now; an I/O error is retried with backoff.
      return controller.error(error, { retry: !(error instanceof CsvFormatError) });
    }
    const inserted = await target.writeChunk({
      taskId: task.id,
      startRow: input.offset,
      people: chunk.people,
    });
    const offset = input.offset + chunk.people.length;
    logger.info({ startRow: input.offset, rows: chunk.people.length, inserted }, "chunk imported");

    const { size } = await stat(input.file);
    await controller.status({
      progress: chunk.done ? 1 : chunk.nextByteOffset / size,
      message: `${offset.toLocaleString("en")} rows imported`,
    });
    if (chunk.done) return controller.success({ rows: offset });
    // The next run, here or on another runner, starts from this checkpoint, not from the top.
    return controller.continue({
      input: { ...input, offset, byteOffset: chunk.nextByteOffset },
      delayMs: input.pauseMs,
    });
  },
});

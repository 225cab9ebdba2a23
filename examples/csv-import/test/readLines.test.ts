import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readLines } from "../src/csv/readLines.js";

const dir = mkdtempSync(join(tmpdir(), "csv-import-lines-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Reads the whole file chunk by chunk, each chunk starting from the previous one's checkpoint. */
async function readInChunks(file: string, maxLines: number, blockSize: number) {
  const chunks: string[][] = [];
  let byteOffset = 0;
  for (;;) {
    const chunk = await readLines(file, byteOffset, maxLines, blockSize);
    chunks.push(chunk.lines);
    byteOffset = chunk.nextByteOffset;
    if (chunk.done) return chunks;
  }
}

describe("readLines", () => {
  it("resumes exactly at each checkpoint when lines straddle read blocks and hold multi-byte text", async () => {
    const lines = Array.from(
      { length: 50 },
      (_, i) => `${i + 1},Zoë Ñandú ${"é".repeat(i % 9)},z${i}@example.com`,
    );
    const file = join(dir, "utf8.csv");
    writeFileSync(file, `${lines.join("\n")}\n`);
    const chunks = await readInChunks(file, 7, 16);
    expect(chunks.map((chunk) => chunk.length)).toEqual([7, 7, 7, 7, 7, 7, 7, 1]);
    expect(chunks.flat()).toEqual(lines);
  });

  it("reads a last line without a newline, and strips CRLF endings", async () => {
    const file = join(dir, "crlf.csv");
    writeFileSync(file, "a,1\r\nb,2\r\nc,3");
    expect((await readInChunks(file, 2, 4)).flat()).toEqual(["a,1", "b,2", "c,3"]);
  });

  it("says done on a chunk that ends exactly at the end of the file", async () => {
    const file = join(dir, "exact.csv");
    writeFileSync(file, "a\nb\nc\nd\n");
    const chunk = await readLines(file, 4, 2);
    expect(chunk).toEqual({ lines: ["c", "d"], nextByteOffset: 8, done: true });
    expect(await readLines(file, 0, 2)).toEqual({ lines: ["a", "b"], nextByteOffset: 4, done: false });
  });
});

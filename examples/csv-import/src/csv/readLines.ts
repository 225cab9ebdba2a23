import { open } from "node:fs/promises";

export interface LineChunk {
  lines: string[];
  /** Where the line after the last one starts: the checkpoint the next chunk reads from. */
  nextByteOffset: number;
  /** No lines are left after these. */
  done: boolean;
}

const NEWLINE = 0x0a;

/**
 * Reads up to `maxLines` lines from `byteOffset`, which must be the start of a line. Offsets count
 * bytes, not characters, so a resumed read lands on the same line whatever the text's encoding.
 */
export async function readLines(
  file: string,
  byteOffset: number,
  maxLines: number,
  blockSize = 64 * 1024,
): Promise<LineChunk> {
  const handle = await open(file, "r");
  try {
    const lines: string[] = [];
    const block = Buffer.alloc(blockSize);
    let position = byteOffset;
    let pending = Buffer.alloc(0);
    while (lines.length < maxLines) {
      const { bytesRead } = await handle.read(block, 0, blockSize, position + pending.length);
      if (bytesRead === 0) {
        if (pending.length > 0) lines.push(decode(pending));
        return { lines, nextByteOffset: position + pending.length, done: true };
      }
      pending = Buffer.concat([pending, block.subarray(0, bytesRead)]);
      let start = 0;
      let end = pending.indexOf(NEWLINE, start);
      while (end !== -1 && lines.length < maxLines) {
        lines.push(decode(pending.subarray(start, end)));
        start = end + 1;
        end = pending.indexOf(NEWLINE, start);
      }
      position += start;
      pending = pending.subarray(start);
    }
    const { size } = await handle.stat();
    return { lines, nextByteOffset: position, done: position >= size };
  } finally {
    await handle.close();
  }
}

function decode(line: Buffer): string {
  const text = line.toString("utf8");
  return text.endsWith("\r") ? text.slice(0, -1) : text;
}

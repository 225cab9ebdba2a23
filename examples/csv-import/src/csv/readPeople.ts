import { CSV_HEADER } from "./generateCsv.js";
import { CsvFormatError, type Person, parsePerson } from "./parsePerson.js";
import { readLines } from "./readLines.js";

export interface PeopleChunk {
  people: Person[];
  nextByteOffset: number;
  done: boolean;
}

/**
 * Reads up to `maxRows` people starting at `byteOffset` (undefined: the top of the file, where
 * the header is checked and skipped). `firstRow` is only for line numbers in errors.
 */
export async function readPeople(
  file: string,
  position: { byteOffset: number | undefined; firstRow: number },
  maxRows: number,
): Promise<PeopleChunk> {
  const byteOffset = position.byteOffset ?? (await afterHeader(file));
  const chunk = await readLines(file, byteOffset, maxRows);
  // Line numbers count from 1 and include the header.
  const people = chunk.lines.map((line, i) => parsePerson(line, position.firstRow + i + 2));
  return { people, nextByteOffset: chunk.nextByteOffset, done: chunk.done };
}

async function afterHeader(file: string): Promise<number> {
  const { lines, nextByteOffset } = await readLines(file, 0, 1);
  if (lines[0] !== CSV_HEADER) {
    throw new CsvFormatError(`${file} must start with "${CSV_HEADER}", found ${JSON.stringify(lines[0])}`);
  }
  return nextByteOffset;
}

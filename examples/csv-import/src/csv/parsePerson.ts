import { z } from "zod";

export interface Person {
  id: number;
  name: string;
  email: string;
  /** Money as whole cents: no float rounding between the file and the table. */
  amountCents: number;
}

const row = z.tuple([
  z.string().regex(/^[1-9]\d{0,14}$/, "id must be a positive whole number"),
  z.string().min(1, "name is empty"),
  z.email(),
  z.string().regex(/^\d{1,12}\.\d{2}$/, "amount must look like 1234.56"),
]);

/** The file itself is wrong: another attempt would fail the same way. */
export class CsvFormatError extends Error {
  override name = "CsvFormatError";
}

/** Parses one data line of the people CSV (no quoted fields); throws with the line number on bad data. */
export function parsePerson(line: string, lineNumber: number): Person {
  const parsed = row.safeParse(line.split(","));
  if (!parsed.success) {
    throw new CsvFormatError(`people CSV line ${lineNumber}: ${z.prettifyError(parsed.error)}`);
  }
  const [id, name, email, amount] = parsed.data;
  return { id: Number(id), name, email, amountCents: Number(amount.replace(".", "")) };
}

import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";

export const CSV_HEADER = "id,name,email,amount";

const FIRST = ["Ada", "Alan", "Grace", "Edsger", "Barbara", "Donald", "Margaret", "Ken", "Radia", "Linus"];
const LAST = [
  "Lovelace",
  "Turing",
  "Hopper",
  "Dijkstra",
  "Liskov",
  "Knuth",
  "Hamilton",
  "Thompson",
  "Perlman",
];

export interface GeneratedCsv {
  rows: number;
  /** The sum of the `amount` column in cents, to check an import against. */
  amountCents: number;
}

/** Writes `rows` people to `file`: the same seed gives the same file. */
export async function generateCsv(file: string, rows: number, seed = 42): Promise<GeneratedCsv> {
  await mkdir(dirname(file), { recursive: true });
  const out = createWriteStream(file);
  const random = mulberry32(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  let amountCents = 0;
  let batch = [CSV_HEADER];
  for (let id = 1; id <= rows; id++) {
    const first = pick(FIRST);
    const last = pick(LAST);
    const cents = Math.floor(random() * 1_000_000);
    amountCents += cents;
    const email = `${first}.${last}.${id}@example.com`.toLowerCase();
    batch.push(`${id},${first} ${last},${email},${formatCents(cents)}`);
    if (batch.length === 10_000) {
      if (!out.write(`${batch.join("\n")}\n`)) await once(out, "drain");
      batch = [];
    }
  }
  if (batch.length > 0) out.write(`${batch.join("\n")}\n`);
  out.end();
  await once(out, "finish");
  return { rows, amountCents };
}

function formatCents(cents: number): string {
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;
}

/** A small seeded PRNG: the generated file is reproducible, so tests can know its totals. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

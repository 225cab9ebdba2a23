import { randomBytes } from "node:crypto";

/** What one list subscriber has sent: each task's state id, and the latest sends, undoable. */
export interface SentLedger {
  token: string;
  /** Number of the last event sent. */
  n: number;
  sent: Map<string, string>;
  journal: { n: number; id: string; before: string | undefined }[];
  /** Events up to this number were dropped from the journal and can no longer be undone. */
  floor: number;
}

const JOURNAL_LENGTH = 1_000;
const KEEP_MS = 60_000;
const MAX_PARKED = 1_000;

/**
 * Where a list watch stopped, kept for a minute after its client went away. Events in flight when
 * a connection drops never arrive, so a resume undoes the sends after the client's `lastEventId`
 * to get exactly what the client holds, and the next diff sends only what it misses.
 */
export class ResumePoints {
  private readonly parked = new Map<string, { ledger: SentLedger; until: number }>();

  /** The ledger to continue from `lastEventId`, or a new one (the client then gets everything). */
  take(lastEventId: string | undefined): SentLedger {
    const match = /^([A-Za-z0-9_-]+)\.(\d+)$/.exec(lastEventId ?? "");
    const entry = match ? this.parked.get(match[1]!) : undefined;
    const n = Number(match?.[2]);
    if (!entry || entry.until < Date.now() || n > entry.ledger.n || n < entry.ledger.floor) {
      return { token: randomBytes(9).toString("base64url"), n: 0, sent: new Map(), journal: [], floor: 0 };
    }
    this.parked.delete(match![1]!);
    const { ledger } = entry;
    while ((ledger.journal.at(-1)?.n ?? 0) > n) {
      const undo = ledger.journal.pop()!;
      if (undo.before === undefined) ledger.sent.delete(undo.id);
      else ledger.sent.set(undo.id, undo.before);
    }
    ledger.n = n;
    return ledger;
  }

  park(ledger: SentLedger): void {
    const now = Date.now();
    for (const [token, entry] of this.parked) {
      if (entry.until >= now && this.parked.size < MAX_PARKED) break;
      this.parked.delete(token);
    }
    this.parked.set(ledger.token, { ledger, until: now + KEEP_MS });
  }
}

/** Records one send in `ledger` and returns its event id. */
export function recordSend(ledger: SentLedger, id: string, next: string | undefined): string {
  ledger.n += 1;
  ledger.journal.push({ n: ledger.n, id, before: ledger.sent.get(id) });
  if (ledger.journal.length > JOURNAL_LENGTH) ledger.floor = ledger.journal.shift()!.n;
  if (next === undefined) ledger.sent.delete(id);
  else ledger.sent.set(id, next);
  return `${ledger.token}.${ledger.n}`;
}

import { migration000001 } from "./000001_tasks.js";
import { migration000002 } from "./000002_leases.js";
import { migration000003 } from "./000003_changes.js";
import { migration000004 } from "./000004_flow_control.js";
import { migration000005 } from "./000005_schedules.js";
import { migration000006 } from "./000006_claim_without_jit.js";
import { migration000007 } from "./000007_claim_plpgsql.js";
import { migration000008 } from "./000008_change_feed_without_join.js";
import { migration000009 } from "./000009_claim_without_flush.js";
import { migration000010 } from "./000010_attempts_without_foreign_key.js";

export interface Migration {
  /** Applied in order; never renumber or edit one that has shipped, add the next instead. */
  id: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  { id: 1, name: "tasks", sql: migration000001 },
  { id: 2, name: "leases", sql: migration000002 },
  { id: 3, name: "changes", sql: migration000003 },
  { id: 4, name: "flow_control", sql: migration000004 },
  { id: 5, name: "schedules", sql: migration000005 },
  { id: 6, name: "claim_without_jit", sql: migration000006 },
  { id: 7, name: "claim_plpgsql", sql: migration000007 },
  { id: 8, name: "change_feed_without_join", sql: migration000008 },
  { id: 9, name: "claim_without_flush", sql: migration000009 },
  { id: 10, name: "attempts_without_foreign_key", sql: migration000010 },
];

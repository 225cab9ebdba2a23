import { migration000001 } from "./000001_tasks.js";
import { migration000002 } from "./000002_changes.js";

export interface Migration {
  /** Applied in order; never renumber or edit one that has shipped, add the next instead. */
  id: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  { id: 1, name: "tasks", sql: migration000001 },
  { id: 2, name: "changes", sql: migration000002 },
];

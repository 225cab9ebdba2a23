import { uuidv7 } from "uuidv7";

/** Task ids are UUIDv7: unique across machines and sortable by creation time, which `list` relies on. */
export function newTaskId(): string {
  return uuidv7();
}

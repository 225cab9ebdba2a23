import type { SqliteContext } from "./context.js";

/** Paused names live in their own table; the claim statements leave them out. */
export function pauseName({ st }: SqliteContext, name: string, now: number): void {
  st.pause.run(name, now);
}

export function resumeName({ st }: SqliteContext, name: string): void {
  st.resume.run(name);
}

export function pausedNames({ st }: SqliteContext): string[] {
  return (st.pausedNames.all() as { name: string }[]).map((row) => row.name);
}

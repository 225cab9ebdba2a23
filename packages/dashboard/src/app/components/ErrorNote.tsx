import { isForbidden, messageOf } from "../lib/errors.js";

/** A failed read, said plainly; a refusal by `authorize` is not an error, just not allowed. */
export function ErrorNote({ error, what }: { error: unknown; what: string }) {
  return (
    <p className={isForbidden(error) ? "note" : "note note-error"} role="alert">
      {isForbidden(error) ? `You are not allowed to see ${what}. ` : `Could not load ${what}: `}
      {messageOf(error)}
    </p>
  );
}

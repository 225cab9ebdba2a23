import { describePath, MAX_PAYLOAD_DEPTH, type PayloadProblem } from "../util/payloadShape.js";
import { TaskError, TaskErrorCode } from "./taskError.js";

/** Why a payload was refused, naming where in it the problem is and how to fix it. */
export function payloadError(what: string, root: string, problem: PayloadProblem): TaskError {
  const at = describePath(root, problem.path);
  const data = { path: at };
  switch (problem.kind) {
    case "key":
      return new TaskError(
        TaskErrorCode.VALIDATION,
        `${what} cannot be stored: it has a key named "${problem.key}" (at ${at}). errand refuses the keys __proto__, constructor and prototype at any depth, because superjson, which carries payloads to the store and over HTTP, refuses them as a prototype-pollution risk. Rename the field.`,
        { data },
      );
    case "depth":
      return new TaskError(
        TaskErrorCode.VALIDATION,
        `${what} cannot be stored: it is nested more than ${MAX_PAYLOAD_DEPTH} levels deep (at ${at}). errand stores payloads nested at most ${MAX_PAYLOAD_DEPTH} levels deep; flatten it.`,
        { data },
      );
    case "cycle":
      return new TaskError(
        TaskErrorCode.VALIDATION,
        `${what} cannot be stored: it refers to itself (at ${at}). Payloads must be trees of values; pass ids instead of back-references.`,
        { data },
      );
  }
}

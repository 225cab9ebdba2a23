// @errand/core/store: what a store author needs (the contract, its rows and every transition).
// Apps never import this entry.

export { TaskError, TaskErrorCode } from "../errors/taskError.js";
export type { TaskStatus } from "../task/record.js";
// The ids errand gives tasks, for code that writes task rows itself (benchmark floors, tools).
export { newTaskId } from "../util/ids.js";
export { deserialize, serialize } from "../util/serialization.js";
export {
  ClaimBudget,
  type ClaimLimits,
  concurrencyGroup,
  hasLimits,
  type LimitUsage,
  limitedNames,
  limitGroup,
  RATE_HISTORY_SLACK_MS,
  rateGroup,
  rateHistoryHorizon,
  rateStarts,
  type TaskLimits,
} from "./claimRules.js";
export { changedRow, copyRow } from "./rowCopy.js";
export type * from "./rows.js";
export type { Store, StoreScope } from "./store.js";
export {
  ALLOWED_STATUSES,
  abortedRow,
  abortWins,
  allows,
  CREATED,
  claimedRow,
  compareForClaim,
  debouncedRow,
  endedAttempt,
  expiredRow,
  heartbeatRow,
  insertedId,
  isClaimable,
  isDebounceTarget,
  isExpired,
  leaseHeldBy,
  leaseOf,
  type ManagementAction,
  newRow,
  retriedRow,
  settledRow,
  updatedRow,
} from "./transitions.js";

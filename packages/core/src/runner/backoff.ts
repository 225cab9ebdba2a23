import type { BackoffPolicy } from "../task/definition.js";

export const DEFAULT_MAX_ATTEMPTS = 3;
const DEFAULTS: Required<BackoffPolicy> = { initialMs: 1_000, factor: 2, maxMs: 300_000, jitter: true };

/**
 * Delay before the attempt after `failedAttempt` (1-based): initialMs * factor^(n-1), capped at
 * maxMs; with jitter, spread over [delay/2, delay] so a burst of failures does not retry in lockstep.
 */
export function backoffDelay(
  policy: BackoffPolicy | undefined,
  failedAttempt: number,
  random: () => number = Math.random,
): number {
  const { initialMs, factor, maxMs, jitter } = { ...DEFAULTS, ...policy };
  const delay = Math.min(maxMs, initialMs * factor ** Math.max(0, failedAttempt - 1));
  return Math.round(jitter ? delay / 2 + random() * (delay / 2) : delay);
}

/**
 * `count` made-up recipients. The last two always fail, to show both kinds of failure:
 * `bounce@` is rejected for good (no retry), `@down.example` stays unavailable (retried to the limit).
 */
export function campaignRecipients(count: number): string[] {
  const ok = Array.from({ length: Math.max(0, count - 2) }, (_, i) => `reader${i + 1}@example.com`);
  return [...ok, "bounce@example.com", "ops@down.example"].slice(-count);
}

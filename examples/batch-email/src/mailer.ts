export interface Email {
  to: string;
  subject: string;
  text: string;
}

export type SendResult =
  | { ok: true; messageId: string }
  /** `retryable`: the same request may succeed later (a 5xx, a lost connection); not so for a 4xx. */
  | { ok: false; retryable: boolean; reason: string };

export interface Mailer {
  send(email: Email, options: { idempotencyKey: string; signal: AbortSignal }): Promise<SendResult>;
}

/** A client for a mail API in the shape of `fakeMailServer.ts` (most transactional mail APIs look alike). */
export function httpMailer(baseUrl: string): Mailer {
  return {
    async send(email, { idempotencyKey, signal }) {
      let response: Response;
      try {
        response = await fetch(`${baseUrl}/messages`, {
          method: "POST",
          headers: { "content-type": "application/json", "idempotency-key": idempotencyKey },
          body: JSON.stringify(email),
          signal,
        });
      } catch (error) {
        return { ok: false, retryable: true, reason: `request failed: ${(error as Error).message}` };
      }
      const body = (await response.json().catch(() => ({}))) as { messageId?: string; error?: string };
      if (response.ok && body.messageId) return { ok: true, messageId: body.messageId };
      return {
        ok: false,
        retryable: response.status >= 500 || response.status === 429,
        reason: `${response.status} ${body.error ?? response.statusText}`,
      };
    },
  };
}

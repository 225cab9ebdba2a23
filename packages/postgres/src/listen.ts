import type pg from "pg";
import { type PgContext, quoteIdent } from "./context.js";
import type { StoreLogger } from "./options.js";

const FIRST_RETRY_MS = 100;
const MAX_RETRY_MS = 5_000;

/** Sent to every subscriber after a reconnect: notifications sent while it was down are lost. */
export const MISSED = "*";

type Subscriber = (payload: string) => void;

/**
 * One LISTEN connection per store, shared by every subscriber of every channel, open only while
 * someone listens, and listening only to the channels someone subscribed to.
 * It is taken from the pool and never handed back: a connection that has run LISTEN must not
 * serve other queries. When it drops (network, server restart, `pg_terminate_backend`) it is
 * destroyed and opened again with backoff; subscribers are woken after each reconnect, since
 * notifications sent while it was down are lost.
 */
export class TaskListener {
  private readonly subscribers = new Map<string, Set<Subscriber>>();
  /** The channels the open connection has run LISTEN for. */
  private listening = new Set<string>();
  private client: pg.PoolClient | null = null;
  private connecting = false;
  private retryMs = FIRST_RETRY_MS;
  private retryTimer: NodeJS.Timeout | undefined;
  private generation = 0;

  constructor(
    private readonly ctx: PgContext,
    private readonly logger: StoreLogger,
  ) {}

  /** True while a LISTEN connection is open (for tests and health checks). */
  get connected(): boolean {
    return this.client !== null;
  }

  /** Passes on the insert's origin (StoreScope.origin, sent as the payload), if it had one. */
  subscribe(onTasksAvailable: (origin?: string) => void): () => void {
    return this.on(this.ctx.channel, (payload) =>
      onTasksAvailable(payload === "" || payload === MISSED ? undefined : payload),
    );
  }

  /** Calls `subscriber` with each notification's payload on `channel`, and with MISSED after a reconnect. */
  on(channel: string, subscriber: Subscriber): () => void {
    const own: Subscriber = (payload) => subscriber(payload);
    const wasIdle = this.subscribers.size === 0;
    const set = this.subscribers.get(channel) ?? new Set();
    set.add(own);
    this.subscribers.set(channel, set);
    if (wasIdle) void this.connect(this.generation);
    else void this.syncChannels();
    return () => {
      set.delete(own);
      if (set.size === 0) this.subscribers.delete(channel);
      if (this.subscribers.size === 0) this.close();
      else void this.syncChannels();
    };
  }

  close(): void {
    this.generation += 1;
    clearTimeout(this.retryTimer);
    this.retryMs = FIRST_RETRY_MS;
    const client = this.client;
    this.client = null;
    this.listening = new Set();
    client?.release(true);
  }

  /** LISTEN to channels that gained a subscriber, UNLISTEN those that lost their last. */
  private async syncChannels(): Promise<void> {
    const client = this.client;
    if (!client) return;
    try {
      for (const channel of this.subscribers.keys()) {
        if (this.listening.has(channel)) continue;
        this.listening.add(channel);
        await client.query(`LISTEN ${quoteIdent(channel)}`);
      }
      for (const channel of [...this.listening]) {
        if (this.subscribers.has(channel)) continue;
        this.listening.delete(channel);
        await client.query(`UNLISTEN ${quoteIdent(channel)}`);
      }
    } catch (error) {
      // The connection broke: `lost` reconnects, and the reconnect listens to every channel again.
      this.logger.warn({ err: error }, "errand: LISTEN on Postgres failed; reconnecting");
    }
  }

  private async connect(generation: number): Promise<void> {
    if (this.connecting || this.client) return;
    this.connecting = true;
    let client: pg.PoolClient | undefined;
    try {
      client = await this.ctx.pool.connect();
      const lost = (error?: Error) => this.lost(client!, generation, error);
      client.on("error", lost);
      client.on("end", lost);
      client.on("notification", (message) => this.notify(message.channel, message.payload ?? ""));
      const channels = [...this.subscribers.keys()];
      for (const channel of channels) await client.query(`LISTEN ${quoteIdent(channel)}`);
      if (generation !== this.generation) {
        client.release(true);
        return;
      }
      const reconnected = this.retryMs !== FIRST_RETRY_MS;
      this.client = client;
      this.listening = new Set(channels);
      this.retryMs = FIRST_RETRY_MS;
      void this.syncChannels();
      if (reconnected) for (const channel of channels) this.notify(channel, MISSED);
    } catch (error) {
      client?.release(true);
      if (generation === this.generation) this.retry(generation, error as Error);
    } finally {
      this.connecting = false;
    }
  }

  private lost(client: pg.PoolClient, generation: number, error?: Error): void {
    if (this.client !== client) return;
    this.client = null;
    this.listening = new Set();
    client.release(true);
    if (generation === this.generation) this.retry(generation, error);
  }

  private retry(generation: number, error?: Error): void {
    const delay = this.retryMs;
    this.logger.warn(
      { err: error, retryInMs: delay, channel: this.ctx.channel },
      "errand: the LISTEN connection to Postgres was lost; reconnecting (runners poll meanwhile)",
    );
    this.retryMs = Math.min(MAX_RETRY_MS, this.retryMs * 2);
    // Up to a quarter less, so runners cut off together do not all reconnect in the same instant.
    this.retryTimer = setTimeout(() => void this.connect(generation), delay * (0.75 + Math.random() * 0.25));
    this.retryTimer.unref();
  }

  private notify(channel: string, payload: string): void {
    for (const subscriber of this.subscribers.get(channel) ?? []) {
      try {
        subscriber(payload);
      } catch (error) {
        this.logger.error({ err: error, channel }, "errand: a LISTEN subscriber threw; ignored");
      }
    }
  }
}

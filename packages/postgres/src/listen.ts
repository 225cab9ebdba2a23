import type pg from "pg";
import { type PgContext, quoteIdent } from "./context.js";
import type { StoreLogger } from "./options.js";

const FIRST_RETRY_MS = 100;
const MAX_RETRY_MS = 5_000;

/**
 * One LISTEN connection per store, shared by every subscriber, open only while someone listens.
 * It is taken from the pool and never handed back: a connection that has run LISTEN must not
 * serve other queries. When it drops (network, server restart, `pg_terminate_backend`) it is
 * destroyed and opened again with backoff; subscribers are woken after each reconnect, since
 * notifications sent while it was down are lost.
 */
export class TaskListener {
  private readonly subscribers = new Set<() => void>();
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

  subscribe(onTasksAvailable: () => void): () => void {
    const subscriber = () => onTasksAvailable();
    this.subscribers.add(subscriber);
    if (this.subscribers.size === 1) void this.connect(this.generation);
    return () => {
      this.subscribers.delete(subscriber);
      if (this.subscribers.size === 0) this.close();
    };
  }

  close(): void {
    this.generation += 1;
    clearTimeout(this.retryTimer);
    this.retryMs = FIRST_RETRY_MS;
    const client = this.client;
    this.client = null;
    client?.release(true);
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
      client.on("notification", (message) => {
        if (message.channel === this.ctx.channel) this.wake();
      });
      await client.query(`LISTEN ${quoteIdent(this.ctx.channel)}`);
      if (generation !== this.generation) {
        client.release(true);
        return;
      }
      const reconnected = this.retryMs !== FIRST_RETRY_MS;
      this.client = client;
      this.retryMs = FIRST_RETRY_MS;
      if (reconnected) this.wake();
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

  private wake(): void {
    for (const subscriber of this.subscribers) {
      try {
        subscriber();
      } catch (error) {
        this.logger.error({ err: error }, "errand: a tasks-available subscriber threw; ignored");
      }
    }
  }
}

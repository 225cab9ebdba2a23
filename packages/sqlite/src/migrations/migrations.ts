/**
 * Numbered, append-only: a released migration is never edited, a change is a new entry. Each runs
 * once per database, recorded in errand_migrations.
 */
export const MIGRATIONS: readonly { version: number; sql: string }[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE errand_tasks (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        input TEXT NOT NULL,
        status TEXT NOT NULL,
        output TEXT,
        error TEXT,
        attempt INTEGER NOT NULL DEFAULT 0,
        max_attempts INTEGER NOT NULL,
        priority INTEGER NOT NULL DEFAULT 0,
        run_at INTEGER NOT NULL,
        parent_id TEXT,
        idempotency_key TEXT,
        progress REAL,
        status_message TEXT,
        created_at INTEGER NOT NULL,
        started_at INTEGER,
        finished_at INTEGER,
        updated_at INTEGER NOT NULL,
        lease_owner TEXT,
        lease_expires_at INTEGER,
        abort_requested_at INTEGER
      ) WITHOUT ROWID;
      -- Matches the claim order exactly, and holds only pending rows, so claiming reads no others.
      CREATE INDEX errand_tasks_claim ON errand_tasks (priority DESC, run_at, id) WHERE status = 'pending';
      CREATE INDEX errand_tasks_leases ON errand_tasks (lease_expires_at) WHERE status = 'running';
      CREATE UNIQUE INDEX errand_tasks_idempotency ON errand_tasks (name, idempotency_key) WHERE idempotency_key IS NOT NULL;
      CREATE INDEX errand_tasks_parent ON errand_tasks (parent_id, id) WHERE parent_id IS NOT NULL;
      CREATE TABLE errand_task_logs (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        task_id TEXT NOT NULL,
        attempt INTEGER NOT NULL,
        at INTEGER NOT NULL,
        level TEXT NOT NULL,
        message TEXT NOT NULL,
        data TEXT
      );
      CREATE INDEX errand_task_logs_task ON errand_task_logs (task_id, seq);
    `,
  },
  {
    version: 2,
    sql: `
      -- Counts claims: (id, lease_number) names one lease, even after continue reset the attempt.
      ALTER TABLE errand_tasks ADD COLUMN lease_number INTEGER NOT NULL DEFAULT 0;
      CREATE TABLE errand_task_attempts (
        task_id TEXT NOT NULL,
        lease_number INTEGER NOT NULL,
        attempt INTEGER NOT NULL,
        started_at INTEGER NOT NULL,
        finished_at INTEGER NOT NULL,
        ended_as TEXT NOT NULL,
        error TEXT,
        PRIMARY KEY (task_id, lease_number)
      ) WITHOUT ROWID;
    `,
  },
  {
    // The change feed: which tasks another process changed lately (see changeWatcher.ts).
    version: 3,
    sql: "CREATE INDEX errand_tasks_updated ON errand_tasks (updated_at);",
  },
  {
    // Flow control (core's claimRules.ts): the keys computed at trigger, the paused names, the
    // claim times the rate limits count, and debounce keys.
    version: 4,
    sql: `
      ALTER TABLE errand_tasks ADD COLUMN concurrency_key TEXT;
      ALTER TABLE errand_tasks ADD COLUMN rate_key TEXT;
      ALTER TABLE errand_tasks ADD COLUMN debounce_key TEXT;
      -- A debounced trigger looks for the pending task of its name and key.
      CREATE INDEX errand_tasks_debounce ON errand_tasks (name, debounce_key) WHERE status = 'pending' AND debounce_key IS NOT NULL;
      -- A limited claim counts the running tasks per group: only running rows, by group.
      CREATE INDEX errand_tasks_running_groups ON errand_tasks (name, concurrency_key) WHERE status = 'running';
      CREATE TABLE errand_paused (name TEXT PRIMARY KEY, paused_at INTEGER NOT NULL) WITHOUT ROWID;
      CREATE TABLE errand_rate_starts (name TEXT NOT NULL, grp TEXT NOT NULL, at INTEGER NOT NULL);
      CREATE INDEX errand_rate_starts_name ON errand_rate_starts (name, at);
    `,
  },
  {
    // Schedules: the last tick each one handled. Retention: when the last sweep ran (one row).
    version: 5,
    sql: `
      CREATE TABLE errand_schedule_ticks (
        name TEXT NOT NULL,
        schedule_key TEXT NOT NULL,
        tick INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (name, schedule_key)
      ) WITHOUT ROWID;
      -- One row: a sweep holds lease_until while it runs (a crashed sweeper's lease runs out), and
      -- last_sweep_at says when one last finished, so each interval is swept by one process.
      CREATE TABLE errand_retention (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        last_sweep_at INTEGER NOT NULL DEFAULT 0,
        lease_until INTEGER NOT NULL DEFAULT 0
      );
      INSERT INTO errand_retention (id) VALUES (1);
      CREATE INDEX errand_tasks_finished ON errand_tasks (finished_at) WHERE finished_at IS NOT NULL;
    `,
  },
  {
    // The change feed's index leaves out running and successful rows, which the indexes of running
    // and of finished rows find (recentChanges.ts). A task's two busiest writes, its claim and its
    // success, then each take one entry out of this index (the claim) or none (the success), where
    // each took one out and put one in: 0.9 µs less per task, a tenth of a no-op task end to end.
    version: 6,
    sql: `
      DROP INDEX errand_tasks_updated;
      CREATE INDEX errand_tasks_updated_at_rest ON errand_tasks (updated_at) WHERE status NOT IN ('running', 'success');
    `,
  },
  {
    // One index of running rows instead of two (leases by expiry, groups by name and key): each
    // claim and settlement puts in or takes out one entry fewer. A limited claim counts a group's
    // running rows by its leading columns; the lease sweep (once per heartbeat) and the change
    // feed read all running rows, few (the runners' slots and claims ahead), and filter them on
    // the index's last two columns without reading the rows.
    version: 7,
    sql: `
      DROP INDEX errand_tasks_leases;
      DROP INDEX errand_tasks_running_groups;
      CREATE INDEX errand_tasks_running ON errand_tasks (name, concurrency_key, lease_expires_at, updated_at) WHERE status = 'running';
    `,
  },
];

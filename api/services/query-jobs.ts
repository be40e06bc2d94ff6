// Queries of the Data Explorer run as jobs: POST starts one and answers at once, the console polls
// it, DELETE cancels it through the engine's AbortSignal. Jobs live in this process's memory: a
// bounded map, finished jobs forgotten after a while.
import { randomUUID } from 'node:crypto';
import { QueryError, type QueryEngine, type QueryResult } from '../../query/types.js';

export type QueryJobState = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';

export interface QueryJobView {
  readonly id: string;
  readonly state: QueryJobState;
  readonly sql: string;
  readonly result?: QueryResult;
  readonly error?: string;
}

interface Job {
  readonly id: string;
  readonly sql: string;
  state: QueryJobState;
  result?: QueryResult;
  error?: string;
  readonly controller: AbortController;
  /** ms since epoch; finished jobs are pruned by age. */
  finishedAt?: number;
  readonly done: Promise<void>;
}

export interface QueryJobsOptions {
  /** Finished jobs are kept this long for polling (default 1 hour). */
  readonly keepMs?: number;
  /** At most this many jobs are kept; the oldest finished go first (default 200). */
  readonly maxJobs?: number;
  /** At most this many run at once; more is a 429 for the caller (default 8). */
  readonly maxRunning?: number;
  readonly now?: () => number;
  readonly log?: (message: string) => void;
  /**
   * Keeps finished jobs beyond this process (Lambda: the next poll may reach another instance).
   * Without it, jobs live in this process only.
   */
  readonly results?: QueryResultStore;
  /** How long start() waits for the query before answering RUNNING (Lambda freezes between invocations). Default 0. */
  readonly waitOnStartMs?: number;
}

/** Finished jobs, by id. */
export interface QueryResultStore {
  put(job: QueryJobView): Promise<void>;
  get(id: string): Promise<QueryJobView | undefined>;
}

export class TooManyQueriesError extends Error {
  constructor(limit: number) {
    super(`${limit} queries are already running; wait for one to finish or cancel one`);
    this.name = 'TooManyQueriesError';
  }
}

export class QueryJobs {
  private readonly jobs = new Map<string, Job>();
  private readonly keepMs: number;
  private readonly maxJobs: number;
  private readonly maxRunning: number;
  private readonly now: () => number;

  constructor(
    private readonly engine: QueryEngine,
    private readonly opts: QueryJobsOptions = {},
  ) {
    this.keepMs = opts.keepMs ?? 3_600_000;
    this.maxJobs = opts.maxJobs ?? 200;
    this.maxRunning = opts.maxRunning ?? 8;
    this.now = opts.now ?? Date.now;
  }

  /** Starts a job; with waitOnStartMs, answers once it finished or that time passed, whichever first. */
  async submit(sql: string, maxRows?: number): Promise<QueryJobView> {
    const started = this.start(sql, maxRows);
    const wait = this.opts.waitOnStartMs ?? 0;
    if (wait <= 0) return started;
    const job = this.jobs.get(started.id);
    if (job === undefined) return started;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([job.done, new Promise<void>((r) => (timer = setTimeout(r, wait)))]);
    clearTimeout(timer);
    return view(job);
  }

  start(sql: string, maxRows?: number): QueryJobView {
    this.prune();
    const running = [...this.jobs.values()].filter((j) => j.state === 'RUNNING').length;
    if (running >= this.maxRunning) throw new TooManyQueriesError(this.maxRunning);
    const id = randomUUID();
    const controller = new AbortController();
    const job: Job = {
      id,
      sql,
      state: 'RUNNING',
      controller,
      done: this.engine
        .run(sql, { signal: controller.signal, ...(maxRows !== undefined ? { maxRows } : {}) })
        .then(
          (result) => {
            if (job.state === 'RUNNING') {
              job.state = 'SUCCEEDED';
              job.result = result;
            }
          },
          (err: unknown) => {
            if (job.state !== 'RUNNING') return;
            const cancelled = controller.signal.aborted || (err instanceof QueryError && err.state === 'CANCELLED');
            job.state = cancelled ? 'CANCELLED' : 'FAILED';
            // QueryError carries the engine's reason (bad SQL...), meant for the user; anything else is ours.
            if (err instanceof QueryError) job.error = err.message;
            else {
              job.error = 'the query engine failed';
              this.opts.log?.(`query ${id} failed: ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`);
            }
          },
        )
        .finally(async () => {
          job.finishedAt = this.now();
          if (this.opts.results !== undefined) {
            try {
              await this.opts.results.put(view(job));
            } catch (err) {
              this.opts.log?.(`query ${id}: could not keep the result: ${(err as Error).message}`);
            }
          }
        }),
    };
    this.jobs.set(id, job);
    return view(job);
  }

  /** This process's job, else a finished one kept in the result store. */
  async get(id: string): Promise<QueryJobView | undefined> {
    const job = this.jobs.get(id);
    if (job !== undefined) return view(job);
    return this.opts.results?.get(id);
  }

  /** Resolves once the job has finished (tests, and callers that want to wait). */
  async wait(id: string): Promise<QueryJobView | undefined> {
    const job = this.jobs.get(id);
    if (job === undefined) return undefined;
    await job.done;
    return view(job);
  }

  /** False when there is no such job. Cancelling a finished job changes nothing. */
  cancel(id: string): boolean {
    const job = this.jobs.get(id);
    if (job === undefined) return false;
    if (job.state === 'RUNNING') {
      job.state = 'CANCELLED';
      job.error = 'cancelled by the user';
      job.controller.abort();
    }
    return true;
  }

  /** Cancels every running job (server shutdown). */
  cancelAll(): void {
    for (const id of this.jobs.keys()) this.cancel(id);
  }

  private prune(): void {
    const t = this.now();
    for (const [id, j] of this.jobs) if (j.finishedAt !== undefined && t - j.finishedAt > this.keepMs) this.jobs.delete(id);
    if (this.jobs.size < this.maxJobs) return;
    const finished = [...this.jobs.values()].filter((j) => j.finishedAt !== undefined).sort((a, b) => (a.finishedAt ?? 0) - (b.finishedAt ?? 0));
    for (const j of finished) {
      if (this.jobs.size < this.maxJobs) break;
      this.jobs.delete(j.id);
    }
  }
}

function view(job: Job): QueryJobView {
  return {
    id: job.id,
    state: job.state,
    sql: job.sql,
    ...(job.result !== undefined ? { result: job.result } : {}),
    ...(job.error !== undefined ? { error: job.error } : {}),
  };
}

import { backoffDelay } from '../resilience/backoff';

/** What replaying pending invalidations needs from the Cache. */
export interface InvalidationTarget {
  deleteKeys(keys: string[]): Promise<void>;
  invalidateTag(tag: string): Promise<void>;
  clearPrefix(prefix: string): Promise<void>;
}

/** Most keys kept; beyond that the whole namespace is cleared instead (see `record`). */
const MAX_KEYS = 100_000;
const BATCH = 500;
const FIRST_RETRY_MS = 50;
const MAX_RETRY_MS = 5_000;

/**
 * Invalidations the store did not confirm (it was down, or its circuit was open), kept until they
 * are applied, so none is dropped: a read of a pending key is a miss until the delete reached the
 * store (it is retried first, then in the background with back-off), a pending tag makes its
 * entries invalid, and a pending clear makes every read a miss. A successful write of a key
 * supersedes its pending delete.
 *
 * Per Cache, in memory: it protects this Cache's readers at once and everyone's once replayed. If
 * the process ends first, the entries expire on their TTL (which is why entries should have one).
 */
export class PendingInvalidations {
  private readonly keys = new Set<string>();
  private readonly tags = new Set<string>();
  private readonly clears = new Set<string>();
  private replaying: Promise<boolean> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private retries = 0;
  private closed = false;

  constructor(private readonly target: InvalidationTarget, private readonly onError: (err: unknown) => void) {}

  /** Nothing pending: the common case, one field read. */
  get isEmpty(): boolean {
    return this.keys.size === 0 && this.tags.size === 0 && this.clears.size === 0;
  }

  /** A read of `key` must not be served from the store (checked only when not `isEmpty`). */
  blocks(key: string): boolean {
    if (this.keys.has(key)) return true;
    for (const prefix of this.clears) if (key.startsWith(prefix)) return true;
    return false;
  }

  /** An entry carrying any of these tags must not be served. */
  blocksTags(tags: Readonly<Record<string, string>>): boolean {
    if (this.tags.size === 0) return false;
    for (const tag of Object.keys(tags)) if (this.tags.has(tag)) return true;
    return false;
  }

  recordKeys(keys: readonly string[], namespace: string): void {
    for (const key of keys) this.keys.add(key);
    if (this.keys.size > MAX_KEYS) { // bounded: one clear of the namespace covers them all
      this.keys.clear();
      this.clears.add(namespace);
    }
    this.schedule();
  }

  recordTag(tag: string): void {
    this.tags.add(tag);
    this.schedule();
  }

  recordClear(prefix: string): void {
    this.clears.add(prefix);
    this.schedule();
  }

  /** The key was written or deleted since: its older pending delete is moot. */
  written(key: string): void {
    this.keys.delete(key);
  }

  /**
   * Applies everything pending (clears, then tags, then keys in batches). True when nothing is
   * left. Concurrent callers share one replay.
   */
  replay(): Promise<boolean> {
    this.replaying ??= this.apply().finally(() => {
      this.replaying = undefined;
    });
    return this.replaying;
  }

  /** Stops the background retries (what is still pending stays reported, not applied). */
  close(): void {
    this.closed = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async apply(): Promise<boolean> {
    try {
      for (const prefix of [...this.clears]) {
        await this.target.clearPrefix(prefix);
        this.clears.delete(prefix);
        for (const key of [...this.keys]) if (key.startsWith(prefix)) this.keys.delete(key);
      }
      for (const tag of [...this.tags]) {
        await this.target.invalidateTag(tag);
        this.tags.delete(tag);
      }
      while (this.keys.size > 0) {
        const batch = [...this.keys].slice(0, BATCH);
        await this.target.deleteKeys(batch);
        for (const key of batch) this.keys.delete(key);
      }
      this.retries = 0;
      return true;
    } catch (err) {
      this.onError(err);
      return false;
    }
  }

  /** Background retries with back-off until empty; unref'd, like every other client timer. */
  private schedule(): void {
    if (this.timer !== undefined || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.replay().then((done) => {
        if (done && this.isEmpty) return;
        this.retries++;
        this.schedule();
      });
    }, backoffDelay(this.retries, FIRST_RETRY_MS, MAX_RETRY_MS));
    this.timer.unref();
  }
}

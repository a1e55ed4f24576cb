import { CacheStore } from '../store';

export type InvalidationOp = 'd' | 'c';

/**
 * Keeps L1 copies coherent across instances: every set/delete publishes the keys it changed on
 * the store's pub/sub channel (by default every Cache on a remote store does, with or without an
 * L1 of its own), and each peer with an L1 evicts them from it (invalidations only, never
 * values: a peer re-reads the store on its next miss). A peer skips its own messages.
 *
 * Delivery is best effort. A peer whose store connection was lost clears its L1 when it is back
 * (it may have missed messages); a publish that fails after its write succeeded leaves peers'
 * copies stale for at most `l1Ttl`, which is why L1 copies always expire.
 * Message: `{"i":<instance id>,"o":"d"|"c","k":[full keys]}` ("c" = clear; `k` = [prefix]).
 */
export class InvalidationBus {
  public readonly ready: Promise<void>;
  private unsubscribe: (() => Promise<void>) | undefined;
  private closed = false;

  constructor(
    private readonly store: CacheStore,
    private readonly channel: string,
    private readonly instanceId: string,
    /** False: this instance only listens (`publishInvalidations: false`). */
    public readonly publishes: boolean,
    /** Undefined: this instance only publishes (it has no L1 to evict). */
    onRemote: ((op: InvalidationOp, keys: string[]) => void) | undefined,
    onError: (err: unknown) => void,
  ) {
    const subscribe = store.subscribe;
    this.ready = subscribe === undefined || onRemote === undefined ? Promise.resolve() : subscribe.call(store, channel, (message: string) => {
      let parsed: { i?: unknown; o?: unknown; k?: unknown };
      try {
        parsed = JSON.parse(message);
      } catch {
        return; // not ours
      }
      if (parsed.i === this.instanceId || !Array.isArray(parsed.k) || (parsed.o !== 'd' && parsed.o !== 'c')) return;
      onRemote(parsed.o, parsed.k as string[]);
    }).then(async (unsubscribe) => {
      if (this.closed) await unsubscribe(); // closed while subscribing
      else this.unsubscribe = unsubscribe;
    }, onError);
  }

  publish(op: InvalidationOp, keys: readonly string[]): Promise<void> {
    if (!this.publishes) return Promise.resolve();
    return this.store.publish!(this.channel, JSON.stringify({ i: this.instanceId, o: op, k: keys }));
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.ready;
    const unsubscribe = this.unsubscribe;
    this.unsubscribe = undefined;
    if (unsubscribe !== undefined) await unsubscribe();
  }
}

import { CacheStore } from '../store';

export type InvalidationOp = 'd' | 'c';

/**
 * Keeps L1 copies coherent across instances: every set/delete publishes the keys it changed on
 * the store's pub/sub channel, and each peer evicts them from its L1 (invalidations only, never
 * values: a peer re-reads the store on its next miss). A peer skips its own messages.
 *
 * Delivery is best effort. A lost message (publish failure, a subscriber reconnecting) leaves a
 * peer's L1 copy stale for at most `l1Ttl`, which is why L1 copies always expire.
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
    onRemote: (op: InvalidationOp, keys: string[]) => void,
    onError: (err: unknown) => void,
  ) {
    const subscribe = store.subscribe;
    this.ready = subscribe === undefined ? Promise.resolve() : subscribe.call(store, channel, (message: string) => {
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

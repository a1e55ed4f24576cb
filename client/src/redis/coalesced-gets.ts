import type { StoreValue } from '../store';
import { groupBySlot } from './slot';

/** Keys per coalesced batch: past this a batch is sent at once and a new one starts. */
export const MAX_COALESCED_KEYS = 1000;

type Value = StoreValue | undefined;
/** Sends one group of keys (one slot, or all keys on a standalone server): GET for one, MGET for more. */
export type SendGroup = (keys: string[]) => Promise<Value[]>;

/**
 * Single-key GETs issued in the same tick, answered by one MGET per slot group sent when the
 * tick's synchronous work ends (a microtask: before any I/O, so a lone GET waits for nothing).
 * Each slot group settles on its own: a shard that fails or times out fails only its own keys,
 * as separate GETs would.
 */
export class CoalescedGets {
  private readonly keys: string[] = [];
  private readonly resolvers: ((value: Value) => void)[] = [];
  private readonly rejecters: ((err: unknown) => void)[] = [];

  get size(): number {
    return this.keys.length;
  }

  add(key: string): Promise<Value> {
    this.keys.push(key);
    return new Promise<Value>((resolve, reject) => {
      this.resolvers.push(resolve);
      this.rejecters.push(reject);
    });
  }

  /** Sends the batch; `bySlot` splits it per cluster slot first. */
  send(bySlot: boolean, sendGroup: SendGroup): void {
    const keys = this.keys;
    if (!bySlot || keys.length === 1) {
      this.settle(sendGroup(keys), undefined);
      return;
    }
    const groups = groupBySlot(keys);
    if (groups.length === 1) {
      this.settle(sendGroup(keys), undefined);
      return;
    }
    for (const group of groups) this.settle(sendGroup(group.map((i) => keys[i])), group);
  }

  private settle(reply: Promise<Value[]>, positions: number[] | undefined): void {
    reply.then((values) => {
      for (let j = 0; j < values.length; j++) this.resolvers[positions === undefined ? j : positions[j]](values[j]);
    }, (err: unknown) => {
      if (positions === undefined) for (const reject of this.rejecters) reject(err);
      else for (const i of positions) this.rejecters[i](err);
    });
  }
}

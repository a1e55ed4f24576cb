import type { TickBatch } from '../batching/tick-batch';
import type { StoreValue } from '../store';
import { groupBySlot } from './slot';

/** Keys per coalesced batch: past this a batch is sent at once and a new one starts. */
export const MAX_COALESCED_KEYS = 1000;

type Value = StoreValue | undefined;
/** Sends one group of keys (one slot, or all keys on a standalone server): GET for one, MGET for more. */
export type SendGroup = (keys: string[]) => Promise<Value[]>;

/**
 * Sends a tick's GETs (batching/tick-batch.ts): one MGET per slot group, `bySlot` on a cluster.
 * Each slot group settles on its own: a shard that fails or times out fails only its own keys,
 * as separate GETs would.
 */
export function sendBySlot(batch: TickBatch<Value>, bySlot: boolean, sendGroup: SendGroup): void {
  const keys = batch.keys;
  const groups = !bySlot || keys.length === 1 ? undefined : groupBySlot(keys);
  if (groups === undefined || groups.length === 1) {
    sendGroup(keys).then((values) => {
      for (let j = 0; j < values.length; j++) batch.resolve(j, values[j]);
    }, (err: unknown) => batch.rejectAll(err));
    return;
  }
  for (const group of groups) {
    sendGroup(group.map((i) => keys[i])).then((values) => {
      for (let j = 0; j < values.length; j++) batch.resolve(group[j], values[j]);
    }, (err: unknown) => {
      for (const i of group) batch.reject(i, err);
    });
  }
}

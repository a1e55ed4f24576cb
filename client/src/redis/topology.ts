import type { RedisArgument } from 'redis';
import { NodeRedisClient } from './connection';

/** Connection states, as plain numbers (compared on every call). */
export const CONNECTING = 0; // never connected yet, first attempt under way: calls wait (bounded)
export const READY = 1;
export const DOWN = 2; // lost or failed: calls fail fast while node-redis reconnects
export const CLOSED = 3;
export type ConnectionState = typeof CONNECTING | typeof READY | typeof DOWN | typeof CLOSED;

/** Options a command passes to node-redis (a type mapping, for Buffer replies). */
export interface SendOptions {
  readonly typeMapping?: object;
}

/** A node to SCAN: every primary in cluster mode, the primary otherwise. */
export interface ScanTarget {
  readonly address: string;
  readonly client: NodeRedisClient;
}

/** What the store needs from a deployment shape (standalone + replicas, or a cluster). */
export interface Topology {
  readonly cluster: boolean;
  /** Where the store connects, for error messages: `127.0.0.1:6379`, `cluster 10.0.0.1:6379`. */
  readonly where: string;
  readonly state: ConnectionState;
  /** The last connection error, for error messages while down. */
  readonly lastError: unknown;
  /** Called with the new health on every change of connection health. */
  onHealth: (healthy: boolean, cause?: unknown) => void;

  /** Starts connecting (once). */
  start(): void;
  /** Resolves when the state leaves CONNECTING (or `timeoutMs` passes). */
  settled(timeoutMs: number): Promise<void>;
  /** Sends a command routed by `key` (readonly commands may go to a replica). */
  send(key: string | undefined, readonly: boolean, args: RedisArgument[], options?: SendOptions): Promise<unknown>;
  /**
   * For a write to `key`: true to send now, false to fail fast (its node is reconnecting), or a
   * promise for the node's first connection (send then, if the deadline has not passed).
   */
  writable(key: string): boolean | Promise<unknown>;
  /** Re-reads the cluster's slot map soon (no-op for standalone). */
  refresh(): void;
  /** Replaces connections that claim to be up while commands time out on them (in the background). */
  recycle(): void;
  /** The nodes holding keys: every primary in cluster mode. */
  scanTargets(): Promise<ScanTarget[]>;
  /** Subscribes on a connection reserved for pub/sub. */
  subscribe(channel: string, listener: (message: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** `close()` that cannot hang on a server that stopped answering: destroy after `graceMs`. */
export async function closeClient(client: { isOpen: boolean; close(): Promise<void>; destroy(): void }, graceMs: number): Promise<void> {
  if (!client.isOpen) {
    client.destroy();
    return;
  }
  let timer: NodeJS.Timeout | undefined;
  const grace = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, graceMs);
  });
  try {
    await Promise.race([client.close().catch(() => undefined), grace]);
  } finally {
    clearTimeout(timer);
    client.destroy();
  }
}

/** A promise that `waiters` resolves (the first connection settled) or `timeoutMs` does, whichever is first. */
export function waitForFirstConnection(waiters: Array<() => void>, timeoutMs: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(done, timeoutMs);
    function done() {
      clearTimeout(timer);
      const i = waiters.indexOf(done);
      if (i >= 0) waiters.splice(i, 1);
      resolve();
    }
    waiters.push(done);
  });
}

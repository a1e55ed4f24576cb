import { closeCredentials, connectWithin, createClusterClient, createNodeClient, NodeRedisClient, NodeRedisCluster } from './connection';
import { RedisStoreOptions, resolveOptions } from './options';
import { describe } from './redis-errors';
import { CacheStoreError, CacheTimeoutError } from '../errors';
import { Deadlines } from '../resilience/deadlines';

/** A connected node-redis client: a standalone client, or a cluster client in cluster mode. */
export type RedisClient = NodeRedisClient | NodeRedisCluster;

/** Commands that wait as long as their caller asks (blocking pops, WAIT, XREAD BLOCK): no deadline. */
const BLOCKING = new Set(['BLPOP', 'BRPOP', 'BRPOPLPUSH', 'BLMOVE', 'BLMPOP', 'BZPOPMIN', 'BZPOPMAX', 'BZMPOP', 'WAIT', 'WAITAOF', 'XREAD', 'XREADGROUP']);
/** Client methods that are not commands, with waits of their own. */
const NOT_COMMANDS = new Set(['connect', 'close', 'destroy', 'quit', 'QUIT', 'disconnect']);

/**
 * Opens a node-redis client for what is not caching (sorted sets, counters, streams, pub/sub)
 * with a RedisStore's connection settings: TLS, AUTH token / ACL password / IAM credentials (IAM
 * connections re-authenticate before their token expires), reconnect back-off, and a deadline per
 * command (`commandTimeout`, node-redis's own timer). While disconnected, commands fail at once
 * instead of queueing. Resolves once connected; rejects (and closes the client) after
 * `connectTimeout`. `error` events are handled (the client reconnects on its own): add your own
 * listener to see them.
 */
export async function openRedisClient(options: RedisStoreOptions): Promise<RedisClient> {
  const resolved = resolveOptions(options);
  const client: RedisClient = resolved.cluster
    ? createClusterClient(resolved, resolved.commandTimeoutMs)
    : createNodeClient(resolved, resolved.seeds[0], resolved.commandTimeoutMs);
  client.on('error', () => undefined); // an unhandled 'error' event would end the process
  // Closing the client also stops its credential refresh timer (IAM).
  for (const method of ['close', 'destroy'] as const) {
    const original = client[method].bind(client) as () => unknown;
    Object.defineProperty(client, method, {
      value: () => {
        closeCredentials(resolved);
        return original();
      },
    });
  }
  try {
    await connectWithin(client, resolved.connectTimeoutMs);
  } catch (err) {
    client.destroy();
    const where = resolved.seeds.map((seed) => `${seed.host}:${seed.port}`).join(', ');
    throw new CacheStoreError('redis', 'connect', undefined, err, `redis connect failed: not connected to ${where} within ${resolved.connectTimeoutMs} ms: ${describe(err)}`);
  }
  return withDeadlines(client, resolved.commandTimeoutMs);
}

/**
 * The client, with every command that returns a promise rejected at `timeoutMs` (node-redis's own
 * timer only covers the wait to be written, see resilience/deadlines.ts); a late reply is dropped. Blocking
 * commands keep the wait they ask for. Transactions (`multi().exec()`) are not bounded.
 */
function withDeadlines<C extends RedisClient>(client: C, timeoutMs: number): C {
  const deadlines = new Deadlines(timeoutMs, {
    succeeded: () => undefined,
    failed: (err) => err,
    timedOut: (op, key, ms) => new CacheTimeoutError('redis', op, key, ms),
  });
  const bounded = new Map<string, unknown>(); // one wrapper per method, not one per call
  return new Proxy(client, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function' || typeof prop !== 'string' || NOT_COMMANDS.has(prop) || BLOCKING.has(prop.toUpperCase())) return value;
      let wrapper = bounded.get(prop);
      if (wrapper === undefined) bounded.set(prop, wrapper = boundedCommand(target, prop, value as (...args: unknown[]) => unknown, deadlines));
      return wrapper;
    },
  });
}

/** `method` of `target`, its promise (if it returns one) rejected at the deadline. */
function boundedCommand(target: object, prop: string, value: (...args: unknown[]) => unknown, deadlines: Deadlines) {
  return (...args: unknown[]): unknown => {
    const result: unknown = value.apply(target, args);
    if (!(result instanceof Promise)) return result;
    const raw = args.find(Array.isArray) as unknown[] | undefined; // sendCommand's arguments
    if (prop === 'sendCommand' && raw !== undefined && BLOCKING.has(String(raw[0]).toUpperCase())) return result;
    const op = prop === 'sendCommand' && raw !== undefined ? String(raw[0]) : prop;
    return deadlines.track(result, op, typeof args[0] === 'string' ? args[0] : undefined, identity);
  };
}

function identity<T>(value: T): T {
  return value;
}

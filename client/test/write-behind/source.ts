import { createClient } from 'redis';

/**
 * The "database" write-behind writes to, on its own redis-server so it is shared by the test
 * and its child processes: each key's current value, and the sequence of values it received
 * (to check that a key's writes arrive in order).
 */
export interface Source {
  write(entries: ReadonlyArray<readonly [string, number]>): Promise<void>;
  /** key → every value written, in arrival order. */
  history(): Promise<Map<string, number[]>>;
  close(): Promise<void>;
  /** Lets the process exit while connected (node-redis unref). */
  unref(): void;
}

export async function connectSource(url: string, prefix: string): Promise<Source> {
  const client = createClient({ url });
  await client.connect();
  return {
    async write(entries) {
      const multi = client.multi();
      for (const [key, value] of entries) multi.rPush(`${prefix}:${key}`, String(value));
      await multi.exec();
    },
    async history() {
      const out = new Map<string, number[]>();
      for await (const keys of client.scanIterator({ MATCH: `${prefix}:*`, COUNT: 1000 })) {
        for (const key of keys) out.set(key.slice(prefix.length + 1), (await client.lRange(key, 0, -1)).map(Number));
      }
      return out;
    },
    async close() {
      await client.quit();
    },
    unref() {
      client.unref();
    },
  };
}

/** Every key has its latest value last and received its values in non-decreasing order (repeats allowed: at least once). */
export function checkHistory(history: Map<string, number[]>, expected: Map<string, number>): string[] {
  const problems: string[] = [];
  for (const [key, latest] of expected) {
    const values = history.get(key);
    if (values === undefined) {
      problems.push(`${key}: never written`);
      continue;
    }
    if (values[values.length - 1] !== latest) problems.push(`${key}: ends at ${values[values.length - 1]}, expected ${latest}`);
    for (let i = 1; i < values.length; i++) if (values[i] < values[i - 1]) problems.push(`${key}: out of order ${values.join(',')}`);
  }
  for (const key of history.keys()) if (!expected.has(key)) problems.push(`${key}: written but never set`);
  return problems;
}

import { StoreHealthListener } from '../../src/store';

/** Collects an async iterable. */
export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

/** How a promise settled, and how long it took. */
export interface Outcome<T> {
  readonly ok: boolean;
  readonly value?: T;
  readonly error?: Error;
  readonly ms: number;
}

export async function outcome<T>(promise: Promise<T>): Promise<Outcome<T>> {
  const started = performance.now();
  try {
    const value = await promise;
    return { ok: true, value, ms: performance.now() - started };
  } catch (error) {
    return { ok: false, error: error as Error, ms: performance.now() - started };
  }
}

/** Records health events. */
export function healthRecorder(): { listener: StoreHealthListener; events: boolean[]; causes: unknown[] } {
  const events: boolean[] = [];
  const causes: unknown[] = [];
  return {
    events,
    causes,
    listener: (healthy, cause) => {
      events.push(healthy);
      causes.push(cause);
    },
  };
}

/** Polls until `check` passes or `timeoutMs` elapses (then throws its last error). */
export async function eventually(check: () => Promise<void> | void, timeoutMs = 10_000, everyMs = 50): Promise<void> {
  const started = Date.now();
  for (;;) {
    try {
      await check();
      return;
    } catch (err) {
      if (Date.now() - started > timeoutMs) throw err;
    }
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

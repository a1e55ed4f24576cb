/**
 * SIGTERM / SIGINT: close every registered write-behind (each flushes), then let the signal do
 * what it would have done. One listener per signal for all queues. Node exits at once on these
 * signals only while nobody listens, so after draining, if no other listener is left, the signal
 * is raised again (the exit code stays 128 + signal, as a supervisor expects). A second signal
 * during the drain exits at once.
 */
const SIGNALS: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT'];
const registered = new Set<Drainable>();
let draining = false;

interface Drainable {
  close(): Promise<void>;
}

/** Registers `queue` until the returned function is called. */
export function drainOnExit(queue: Drainable): () => void {
  if (registered.size === 0) for (const signal of SIGNALS) process.on(signal, onSignal);
  registered.add(queue);
  return () => {
    registered.delete(queue);
    if (registered.size === 0 && !draining) for (const signal of SIGNALS) process.removeListener(signal, onSignal);
  };
}

function onSignal(signal: NodeJS.Signals): void {
  if (draining) return reraise(signal);
  draining = true;
  void Promise.allSettled([...registered].map((queue) => queue.close())).then(() => reraise(signal));
}

function reraise(signal: NodeJS.Signals): void {
  for (const s of SIGNALS) process.removeListener(s, onSignal);
  draining = false;
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

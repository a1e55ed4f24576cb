/**
 * The one back-off formula (reconnects, Auto Discovery retries, write-behind retries): exponential
 * from `minMs`, capped at `maxMs`, with "equal jitter" (half the delay fixed, half random), so a
 * fleet of clients does not retry in lockstep after an outage yet never retries at once.
 */
export function backoffDelay(attempt: number, minMs: number, maxMs: number, random: () => number = Math.random): number {
  const capped = Math.min(maxMs, minMs * 2 ** Math.min(attempt, 30));
  return Math.round(capped / 2 + random() * (capped / 2));
}

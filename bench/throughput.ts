/**
 * The network benches' shared method: `IN_FLIGHT` concurrent GETs of a ~90-byte JSON value, reps
 * interleaved in random order (the machine is shared; drift hits every case alike), medians and
 * every rep printed, each case's throughput as a ratio of ours.
 * Flags: `--ops N` GETs per rep, `--reps N`, `--inflight N`.
 */
import { median } from './harness';

const args = process.argv.slice(2);
function arg(name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
}
export const OPS = arg('ops', 100_000);
export const REPS = arg('reps', 7);
export const IN_FLIGHT = arg('inflight', 100);
export const KEYS = 1000;
export const VALUE = JSON.stringify({ id: 42, name: 'Ada Lovelace', roles: ['admin', 'editor'], createdAt: 1_700_000_000_000 });

/** A GET that resolves the decoded value. */
export type Get = (key: string) => Promise<unknown>;

/** ops/s of `get` with IN_FLIGHT workers sharing one counter; checks every value read. */
async function measure(get: Get, ops: number, inFlight: number): Promise<number> {
  let next = 0;
  let sink = 0;
  const worker = async () => {
    while (next < ops) {
      const value = await get(`user:${next++ % KEYS}`) as { id: number };
      sink += value.id;
    }
  };
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: inFlight }, worker));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (sink !== ops * 42) throw new Error('wrong values read');
  return ops / seconds;
}

/**
 * Warms every case up, runs REPS interleaved reps and prints the table with `ours` as the
 * reference. Returns ops/s per case, one entry per rep.
 */
export async function compare(where: string, cases: Record<string, Get>, ours: string,
  { ops = OPS, inFlight = IN_FLIGHT, unit = 'GETs' }: { ops?: number; inFlight?: number; unit?: string } = {}): Promise<Map<string, number[]>> {
  const names = Object.keys(cases);
  const results = new Map<string, number[]>(names.map((n) => [n, []]));
  console.log(`${where}; ${ops} ${unit} per rep, ${inFlight} in flight, ${REPS} reps (median)`);
  for (const name of names) await measure(cases[name], Math.min(ops, 20_000), inFlight); // warm-up
  for (let rep = 0; rep < REPS; rep++) {
    for (const name of [...names].sort(() => Math.random() - 0.5)) results.get(name)!.push(await measure(cases[name], ops, inFlight));
  }
  const reference = median(results.get(ours)!);
  const width = Math.max(...names.map((n) => n.length)) + 2;
  const ratio = `${ours} ÷ case`;
  console.log('');
  console.log(`${'case'.padEnd(width)}${'ops/s (median)'.padStart(16)}   ${ratio}   all reps`);
  for (const name of names) {
    const perSecond = median(results.get(name)!);
    const reps = results.get(name)!.map((v) => Math.round(v / 1000)).join(' ');
    console.log(`${name.padEnd(width)}${Math.round(perSecond).toLocaleString('en-US').padStart(16)}   ${(reference / perSecond).toFixed(2).padStart(ratio.length)}   ${reps} (k/s)`);
  }
  return results;
}

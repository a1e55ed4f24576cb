/**
 * A tiny benchmark harness (no framework): sequential awaited calls timed with hrtime, rounds
 * interleaved across entries so machine drift hits all of them alike, median reported.
 */
export interface Measured {
  readonly name: string;
  readonly samples: number[]; // ns per op, one per round
}

/** Times `ops` calls of `call(i)`, awaiting each; returns ns per op. */
export async function timeSequential(call: (i: number) => unknown, ops: number): Promise<number> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < ops; i++) await call(i);
  return Number(process.hrtime.bigint() - start) / ops;
}

/** Times `ops` calls spread over `workers` concurrent loops; returns ns per op (throughput). */
export async function timeConcurrent(call: (i: number) => Promise<unknown>, ops: number, workers: number): Promise<number> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < ops) await call(next++);
  };
  const start = process.hrtime.bigint();
  await Promise.all(Array.from({ length: workers }, worker));
  return Number(process.hrtime.bigint() - start) / ops;
}

export function median(samples: readonly number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Prints ns/op, ops/s and the ratio to the first entry. */
export function report(title: string, rows: readonly Measured[]): void {
  const floor = median(rows[0].samples);
  console.log(`\n${title} (node ${process.version}, median of ${rows[0].samples.length} rounds)`);
  console.log('entry'.padEnd(52) + 'ns/op'.padStart(10) + 'ops/s'.padStart(14) + '× first'.padStart(10));
  for (const row of rows) {
    const ns = median(row.samples);
    console.log(row.name.padEnd(52) + ns.toFixed(1).padStart(10) + Math.round(1e9 / ns).toLocaleString('en-US').padStart(14)
      + (ns / floor).toFixed(2).padStart(10));
  }
}

/**
 * The serialization fast path: what the one walk (tag special types, detect plain values) costs
 * over bare JSON, for plain values and for values with Dates.   npx ts-node --transpile-only bench/serialization.bench.ts
 */
import { Measured, report, timeSequential } from './harness';
import { Codec } from '../client/src/serialization/codec';
import { Tagged, tagValue } from '../client/src/serialization/typed-json';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const codec = new Codec();

const small = { id: 1, name: 'alice', roles: ['reader', 'writer'], active: true, score: 12.5 };
const large = { items: Array.from({ length: 500 }, (_, i) => ({ id: i, name: `item ${i}`, tags: ['x', 'y'], price: i * 1.5, meta: { a: i } })) };
const typedSmall = { ...small, createdAt: new Date(0) };
const typedLarge = { ...large, createdAt: new Date(0) };

async function run(title: string, ops: number, cases: [string, () => unknown][]): Promise<void> {
  const rows: Measured[] = cases.map(([name]) => ({ name, samples: [] }));
  for (const [, call] of cases) await timeSequential(call, Math.ceil(ops / 10)); // warm-up
  for (let round = 0; round < ROUNDS; round++) {
    for (let c = 0; c < cases.length; c++) rows[c].samples.push(await timeSequential(cases[c][1], ops));
  }
  report(title, rows);
}

async function main(): Promise<void> {
  for (const [label, plain, typed, ops] of [['small (~90 B)', small, typedSmall, 200_000], ['large (~40 KB)', large, typedLarge, 500]] as const) {
    const plainText = codec.encode('k', plain);
    const typedText = codec.encode('k', typed);
    const json = JSON.stringify(plain);
    await run(`encode ${label}`, ops, [
      ['JSON.stringify (floor)', () => JSON.stringify(plain)],
      ['tagValue walk alone (plain value)', () => tagValue(plain, new Tagged())],
      ['codec.encode plain (walk + stringify)', () => codec.encode('k', plain)],
      ['JSON.stringify of the typed value (loses types)', () => JSON.stringify(typed)],
      ['codec.encode typed (walk with copies + stringify)', () => codec.encode('k', typed)],
    ]);
    await run(`decode ${label}`, ops, [
      ['JSON.parse (floor)', () => JSON.parse(json)],
      ['codec.decode plain', () => codec.decode('k', plainText)],
      ['codec.decode typed (parse + revive walk)', () => codec.decode('k', typedText)],
    ]);
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});

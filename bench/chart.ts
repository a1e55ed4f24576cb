/**
 * Horizontal bar charts as SVG, written by the benchmarks for the README (no dependency: a chart
 * is a handful of rects and texts). Each bar is a case's median throughput; the reference case
 * is drawn darker and every label carries its ratio to it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { median } from './harness';

const ROW = 26;
const LABEL = 230;
const BAR = 320;
const PAD = 12;

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The chart of `results` (ops/s per rep, per case) as SVG text. */
export function barChart(title: string, results: Map<string, number[]>, reference: string, unit: string): string {
  const rows = [...results.entries()].map(([name, reps]) => ({ name, value: median(reps) }));
  const max = Math.max(...rows.map((r) => r.value));
  const ref = rows.find((r) => r.name === reference)!.value;
  const height = PAD * 2 + 24 + rows.length * ROW;
  const width = PAD * 2 + LABEL + BAR + 290;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${PAD}" y="${PAD + 12}" font-size="14" font-weight="600">${escape(title)}</text>`,
  ];
  rows.forEach((row, i) => {
    const y = PAD + 24 + i * ROW;
    const w = Math.max(1, Math.round((row.value / max) * BAR));
    const fill = row.name === reference ? '#1f6feb' : '#8fb8f5';
    const ratio = row.name === reference ? 'the reference' : `${escape(reference)} does ${(ref / row.value).toFixed(2)}×`;
    parts.push(
      `<text x="${PAD + LABEL - 8}" y="${y + 16}" text-anchor="end">${escape(row.name)}</text>`,
      `<rect x="${PAD + LABEL}" y="${y + 4}" width="${w}" height="${ROW - 8}" fill="${fill}"/>`,
      `<text x="${PAD + LABEL + w + 6}" y="${y + 16}">${Math.round(row.value).toLocaleString('en-US')} ${escape(unit)} (${ratio})</text>`,
    );
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

/** Writes the chart to docs/bench/<file>.svg (the README links these) and says where. */
export function writeChart(file: string, title: string, results: Map<string, number[]>, reference: string, unit: string): void {
  const path = join(__dirname, '..', 'docs', 'bench', `${file}.svg`);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, barChart(title, results, reference, unit));
  console.log(`chart: ${path}`);
}

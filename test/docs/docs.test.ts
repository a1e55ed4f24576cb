import * as fs from 'fs';
import * as path from 'path';
import { README, renderedReadme } from '../../scripts/diagrams';

// The README and docs/ are how a user learns the package: their pictures must match what the
// constructs synthesize today, and every link between them must land.
const root = path.resolve(__dirname, '..', '..');
const pages = [README, ...fs.readdirSync(path.join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => path.join(root, 'docs', f))];

test('the README\'s diagrams are the ones the default constructs synthesize today', () => {
  const readme = fs.readFileSync(README, 'utf8');
  // On failure: npx ts-node --project test/tsconfig.json scripts/diagrams.ts
  expect(renderedReadme(readme)).toBe(readme);
});

/** GitHub's heading anchors: lower case, punctuation dropped, spaces as hyphens. */
function anchorsOf(text: string): Set<string> {
  const anchors = new Set<string>();
  let fenced = false;
  for (const line of text.split('\n')) {
    if (line.startsWith('```')) fenced = !fenced;
    const heading = !fenced && /^#{1,6} (.*)$/.exec(line);
    if (heading) anchors.add(heading[1].toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-'));
  }
  return anchors;
}

test.each(pages.map((p) => [path.relative(root, p), p]))('%s: every relative link and anchor resolves', (_name, page) => {
  const text = fs.readFileSync(page, 'utf8').replace(/```[\s\S]*?```/g, '');
  const broken: string[] = [];
  for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
    if (/^[a-z]+:/.test(target)) continue; // https:, mailto:
    const [file, anchor] = target.split('#');
    const resolved = file === '' ? page : path.resolve(path.dirname(page), file);
    if (!fs.existsSync(resolved)) {
      broken.push(`${target}: no such file`);
    } else if (anchor !== undefined && resolved.endsWith('.md') && !anchorsOf(fs.readFileSync(resolved, 'utf8')).has(anchor)) {
      broken.push(`${target}: no such heading`);
    }
  }
  expect(broken).toEqual([]);
});

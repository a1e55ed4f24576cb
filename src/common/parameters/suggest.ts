/** Levenshtein distance, with case and `-` / `_` ignored (both spellings appear across engines). */
export function editDistance(a: string, b: string): number {
  const x = normalize(a);
  const y = normalize(b);
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    for (let j = 1; j <= y.length; j++) {
      const substitution = previous[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j] + 1, current[j - 1] + 1, substitution));
    }
    previous = current;
  }
  return previous[y.length];
}

/** Up to three known names close enough to a misspelt one to be what was meant, closest first. */
export function closestNames(name: string, known: readonly string[]): string[] {
  // Long inputs are not typos of a parameter name, and would only cost time.
  if (name.length === 0 || name.length > 80) return [];
  const limit = Math.max(2, Math.floor(name.length / 3));
  return known
    .map((k) => ({ k, d: editDistance(name, k) }))
    .filter(({ d }) => d <= limit)
    .sort((p, q) => p.d - q.d || p.k.localeCompare(q.k))
    .slice(0, 3)
    .map(({ k }) => k);
}

function normalize(s: string): string {
  return s.toLowerCase().replace(/_/g, '-');
}

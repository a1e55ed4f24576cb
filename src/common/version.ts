/**
 * Compares dotted engine versions numerically, part by part; a missing part counts as 0, so
 * '6.2' equals '6.2.0' and '8.10' is newer than '8.2' (a float compare would get both wrong).
 * @returns negative when a is older than b, 0 when equal, positive when newer
 */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

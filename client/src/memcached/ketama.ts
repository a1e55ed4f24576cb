import { hash } from 'node:crypto';
import { md5Word } from './md5';

/** Points per node: 40 MD5 digests × 4 points each, as libketama and `hashring` do. */
const DIGESTS_PER_NODE = 40;

/**
 * A ketama consistent-hash ring: each node owns 160 points on a 32-bit circle (MD5 of
 * `<id>-<i>`, four little-endian words per digest); a key belongs to the first point at or after
 * MD5(key)'s first word. Removing one of N nodes moves only the keys it owned (about 1/N); keys
 * on the other nodes stay where they are, so their cached values survive a topology change.
 *
 * The point layout follows libketama (`<host:port>-<i>`, 40 digests, little-endian words), which
 * the `hashring` package (the `memcached` npm client) also follows; sharing keys with such a
 * client has not been verified here. Unweighted: ElastiCache nodes in a cluster share one type.
 */
export class HashRing<T> {
  private readonly points: Uint32Array;
  private readonly owners: Uint32Array;

  constructor(private readonly nodes: ReadonlyArray<{ readonly id: string; readonly item: T }>) {
    const entries: Array<[point: number, owner: number]> = [];
    nodes.forEach((node, owner) => {
      for (let i = 0; i < DIGESTS_PER_NODE; i++) {
        const digest = hash('md5', `${node.id}-${i}`, 'buffer');
        for (let j = 0; j < 4; j++) entries.push([digest.readUInt32LE(j * 4), owner]);
      }
    });
    // Equal points (rare) are broken by node id, so the ring does not depend on list order.
    entries.sort((a, b) => a[0] - b[0] || (nodes[a[1]].id < nodes[b[1]].id ? -1 : 1));
    this.points = Uint32Array.from(entries, (e) => e[0]);
    this.owners = Uint32Array.from(entries, (e) => e[1]);
  }

  public get size(): number {
    return this.nodes.length;
  }

  /** The node that owns `key`. A one-node ring skips hashing. */
  public get(key: string): T {
    const nodes = this.nodes;
    if (nodes.length === 1) return nodes[0].item;
    return nodes[this.owners[this.find(md5Word(key))]].item;
  }

  /** Index of the first point ≥ `h`, wrapping to 0 past the end. */
  private find(h: number): number {
    const points = this.points;
    let lo = 0;
    let hi = points.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1; // eslint-disable-line no-bitwise
      if (points[mid] < h) lo = mid + 1;
      else hi = mid;
    }
    return lo === points.length ? 0 : lo;
  }
}

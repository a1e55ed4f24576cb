import * as zlib from 'node:zlib';
import { CacheOptionError } from '../errors';

export type CompressionAlgorithm = 'deflate' | 'gzip' | 'brotli';

export interface CompressionOptions {
  /**
   * Values whose serialized form is at least this many characters are compressed.
   * @default 1024
   */
  readonly threshold?: number;
  /** @default 'deflate' (brotli compresses better but costs several times more CPU to write) */
  readonly algorithm?: CompressionAlgorithm;
}

/**
 * Compressed values are Buffers that start with a NUL byte and an algorithm byte. A serialized
 * string never starts with NUL (its first character is a format letter), so readers can tell.
 *
 * Compression runs synchronously: values large enough to block the event loop noticeably
 * (hundreds of KB) are not what a cache entry should be (see ../README.md, open gaps).
 */
export const COMPRESSED_MARK = 0x00;
const ALGORITHM_BYTE: Record<CompressionAlgorithm, number> = { deflate: 0x64 /* d */, gzip: 0x67 /* g */, brotli: 0x62 /* b */ };

export class Compressor {
  public readonly threshold: number;
  private readonly algorithm: CompressionAlgorithm;

  constructor(options: CompressionOptions) {
    this.threshold = options.threshold ?? 1024;
    this.algorithm = options.algorithm ?? 'deflate';
    if (!(this.threshold >= 0)) throw new CacheOptionError(`Invalid value for option 'compression.threshold': ${options.threshold}.`);
    if (!(this.algorithm in ALGORITHM_BYTE)) {
      throw new CacheOptionError(`Invalid value for option 'compression.algorithm': ${String(options.algorithm)}. Use 'deflate', 'gzip' or 'brotli'.`);
    }
  }

  /** The compressed form, or the string itself when compression does not make it smaller. */
  compress(text: string): string | Buffer {
    const input = Buffer.from(text, 'utf8');
    // Brotli quality 4: near deflate's speed with a better ratio (the default, 11, is for static assets).
    const brotli = { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: input.length } };
    const body = this.algorithm === 'brotli' ? zlib.brotliCompressSync(input, brotli)
      : this.algorithm === 'gzip' ? zlib.gzipSync(input) : zlib.deflateRawSync(input);
    if (body.length + 2 >= input.length) return text;
    const out = Buffer.allocUnsafe(body.length + 2);
    out[0] = COMPRESSED_MARK;
    out[1] = ALGORITHM_BYTE[this.algorithm];
    body.copy(out, 2);
    return out;
  }
}

/** Decompresses a marked Buffer (any algorithm: readers need no configuration). */
export function decompress(data: Buffer): string {
  const body = data.subarray(2);
  switch (data[1]) {
    case ALGORITHM_BYTE.deflate: return zlib.inflateRawSync(body).toString('utf8');
    case ALGORITHM_BYTE.gzip: return zlib.gunzipSync(body).toString('utf8');
    case ALGORITHM_BYTE.brotli: return zlib.brotliDecompressSync(body).toString('utf8');
    default: throw new Error(`unknown compression algorithm byte 0x${(data[1] ?? 0).toString(16)}`);
  }
}

import { CacheDecodeError, CacheSerializationError } from '../errors';
import { StoreValue } from '../store';
import { COMPRESSED_MARK, CompressionOptions, Compressor, decompress } from './compression';
import { LiveEntry } from './entry';
import { reviveTagged, Tagged, tagValue, UnstorableValue } from './typed-json';

/**
 * How the Cache turns a value (or a `LiveEntry`) into what a remote store holds, and back.
 *
 * Format, one leading letter so a reader never guesses:
 *   `j<json>`                plain JSON (the common case: one `JSON.parse`, no reviver)
 *   `t<json>`                typed JSON (Date, Map, Set, BigInt, Buffer, …; see typed-json.ts)
 *   `m<meta>\n<j|t><json>`   with metadata: `{"s":staleAt,"g":{tag:version}}` (grace, tags)
 * JSON never contains a raw newline, so the first `\n` ends the metadata. A value whose string
 * form reaches the compression threshold is stored as a Buffer: NUL, algorithm byte, compressed
 * UTF-8 of the string above. Any other first character is a decode error (foreign data).
 *   `l<token>`               a load in progress: the key is held for one loader (see
 *                            cache/versioned-writes.ts); readers see a miss, never a value
 */
const PLAIN = 0x6a; // j
const TYPED = 0x74; // t
const META = 0x6d; // m
const LOADING = 0x6c; // l

/** What a key holds while one client loads it: readers see a miss. */
export function loadingMark(token: string): string {
  return `l${token}`;
}

/** True for a `loadingMark` (strings, or Buffers from stores that return bytes). */
export function isLoadingMark(stored: StoreValue): boolean {
  return typeof stored === 'string' ? stored.charCodeAt(0) === LOADING : stored[0] === LOADING;
}

export class Codec {
  private readonly compressor: Compressor | undefined;

  constructor(compression?: CompressionOptions | boolean) {
    this.compressor = compression === true ? new Compressor({}) : compression ? new Compressor(compression) : undefined;
  }

  /** Serializes a value or `LiveEntry`. Throws `CacheSerializationError` naming `key`. */
  encode(key: string, item: unknown): StoreValue {
    let text: string;
    if (item instanceof LiveEntry) {
      const meta = JSON.stringify(item.tags === undefined ? { s: item.staleAt } : { s: item.staleAt, g: item.tags });
      text = `m${meta}\n${encodeBody(key, item.value)}`;
    } else {
      text = encodeBody(key, item);
    }
    const compressor = this.compressor;
    return compressor !== undefined && text.length >= compressor.threshold ? compressor.compress(text) : text;
  }

  /** Reads what `encode` wrote. Throws `CacheDecodeError` naming `key`. */
  decode(key: string, stored: StoreValue): unknown {
    let text: string;
    if (typeof stored === 'string') {
      text = stored;
    } else if (stored.length > 1 && stored[0] === COMPRESSED_MARK) {
      try {
        text = decompress(stored);
      } catch (err) {
        throw new CacheDecodeError(key, 'corrupt compressed value', err);
      }
    } else {
      text = stored.toString('utf8'); // stores that hand back Buffers for what was written as text
    }
    const head = text.charCodeAt(0);
    if (head !== META) return decodeBody(key, text, 0);
    const newline = text.indexOf('\n');
    if (newline < 0) throw new CacheDecodeError(key, 'metadata without a body');
    let meta: { s?: unknown; g?: unknown };
    try {
      meta = JSON.parse(text.slice(1, newline));
    } catch (err) {
      throw new CacheDecodeError(key, 'invalid metadata', err);
    }
    const tags = typeof meta.g === 'object' && meta.g !== null ? meta.g as Record<string, string> : undefined;
    return new LiveEntry(decodeBody(key, text, newline + 1), typeof meta.s === 'number' ? meta.s : 0, tags);
  }
}

/**
 * Throws the `CacheSerializationError` that `encode` would throw for `value`, without
 * serializing it: for stores that keep live values (MemoryStore), so they refuse exactly what a
 * remote store refuses. One walk (copying only paths to Dates, Maps, …), no JSON.
 */
export function checkStorable(key: string, value: unknown): void {
  let tagged: Tagged;
  try {
    tagged = tagValue(value, new Tagged());
  } catch (err) {
    throw unstorable(key, err);
  }
  // What JSON.stringify turns into nothing: undefined, or a toJSON() answering undefined.
  if (tagged.value === undefined) throw serializesToNothing(key, value);
}

function encodeBody(key: string, value: unknown): string {
  if (value === undefined) throw serializesToNothing(key, value);
  let json: string | undefined;
  let typed: boolean;
  try {
    // One walk: a plain value comes back as itself (typed false) and is stringified natively.
    const tagged = tagValue(value, new Tagged());
    typed = tagged.typed;
    json = JSON.stringify(tagged.value);
  } catch (err) {
    throw unstorable(key, err);
  }
  if (json === undefined) throw serializesToNothing(key, value);
  return (typed ? 't' : 'j') + json;
}

function unstorable(key: string, err: unknown): CacheSerializationError {
  return new CacheSerializationError(key, err instanceof UnstorableValue ? err.message : describe(err), err);
}

function serializesToNothing(key: string, value: unknown): CacheSerializationError {
  return new CacheSerializationError(key, value === undefined ? 'undefined cannot be cached (use null, or delete the key)'
    : 'the value serializes to nothing (a toJSON that returns undefined?)');
}

function decodeBody(key: string, text: string, at: number): unknown {
  const head = text.charCodeAt(at);
  if (head !== PLAIN && head !== TYPED) {
    throw new CacheDecodeError(key, 'not written by a cdk-elasticache Cache (unknown format)');
  }
  try {
    return head === PLAIN ? JSON.parse(text.slice(at + 1)) : reviveTagged(JSON.parse(text.slice(at + 1)));
  } catch (err) {
    throw new CacheDecodeError(key, 'invalid JSON', err);
  }
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

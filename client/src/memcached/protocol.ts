/**
 * The slice of memcached's meta protocol (memcached ≥ 1.6; ElastiCache runs 1.6.x) the store
 * speaks, and a reply parser.
 *
 * Why meta rather than the classic text protocol: one `mg` returns value + client flags + CAS
 * and doubles as `touch` (`T<ttl>`); `ms` with `ME` is `add`; `md` takes a CAS (compare-and-delete,
 * which classic text has no command for); a miss is the 4-byte `EN` instead of an `END` per
 * key; and every command answers exactly once, in order, so a connection is a plain FIFO
 * pipeline. Why not binary: deprecated upstream, and meta is as compact for our replies.
 *
 *   get            mg <key> v f          → VA <len> f<flags>\r\n<data>\r\n | EN
 *   getForDelete   mg <key> v f c        → VA <len> f<flags> c<cas>\r\n<data>\r\n | EN
 *   set / add      ms <key> <len> T<exp> F<flags> [ME]\r\n<data>\r\n → HD | NS
 *   compare-and-set ms <key> <len> T<exp> F<flags> C<cas>\r\n<data>\r\n → HD | EX | NF
 *   delete         md <key> [C<cas>]     → HD | NF | EX
 *   touch          mg <key> T<exp>       → HD | EN
 *   no-op          mn                    → MN   (the health probe on every new connection)
 *
 * Client flags: 0 = UTF-8 string, 1 = bytes (a Buffer). Items written by other clients with
 * other flags come back as Buffers, flag 0 as strings.
 */

export const FLAG_STRING = 0;
export const FLAG_BYTES = 1;

/** What a command's reply is turned into. */
export const GET = 0;
export const GET_CAS = 1;
export const SET = 2;
export const ADD = 3;
export const DELETE = 4;
export const TOUCH = 5;
export const NOOP = 6;
export const SET_CAS = 7;

/** Two-letter status codes, as `c0 * 256 + c1`. */
export const HD = 0x4844;
export const EN = 0x454e;
export const NS = 0x4e53;
export const EX = 0x4558;
export const NF = 0x4e46;
export const MN = 0x4d4e;

/** Bytes to send: one string, or strings and Buffers (values that are bytes). */
export type Payload = string | ReadonlyArray<string | Buffer>;

/** A value with its CAS token (kept as text: it is a 64-bit number we only echo back). */
export interface CasValue {
  readonly value: string | Buffer;
  readonly cas: string;
}

/** What the parser reports, in order, one call per reply. */
export interface ReplySink {
  /** A `VA` reply. `buf[start, end)` is the data, valid only during the call (copy it). */
  value(buf: Buffer, start: number, end: number, flags: number, cas: string | undefined): void;
  /** A two-letter status (`HD`, `EN`, …, as `c0 * 256 + c1`). */
  status(code: number): void;
  /** `ERROR`, `CLIENT_ERROR …`, `SERVER_ERROR …` or anything else unexpected: the whole line. */
  error(line: string): void;
}

/** Decodes a `VA` payload by its client flags. Copies: the socket's chunk is not kept alive. */
export function decodeValue(buf: Buffer, start: number, end: number, flags: number): string | Buffer {
  if (flags === FLAG_STRING) return buf.toString('utf8', start, end);
  const out = Buffer.allocUnsafe(end - start);
  buf.copy(out, 0, start, end);
  return out;
}

/**
 * Incremental reply parser. Chunks are parsed in place; an incomplete reply is kept, and for a
 * large value the parser waits until the announced length has arrived before joining chunks, so
 * a 1 MB value arriving in 64 KB pieces is copied once, not once per piece.
 */
export class ReplyParser {
  private chunks: Buffer[] = [];
  private size = 0;
  private need = 0;
  private stopped = false;

  constructor(private readonly sink: ReplySink) {}

  /** Stops parsing (the connection is gone); later chunks are ignored. */
  public stop(): void {
    this.stopped = true;
    this.chunks = [];
    this.size = 0;
  }

  public feed(chunk: Buffer): void {
    if (this.stopped) return;
    let buf = chunk;
    if (this.size !== 0) {
      this.chunks.push(chunk);
      this.size += chunk.length;
      if (this.size < this.need) return;
      buf = Buffer.concat(this.chunks, this.size);
      this.chunks = [];
      this.size = 0;
    }
    const pos = this.parse(buf);
    if (pos < buf.length && !this.stopped) {
      this.chunks.push(buf.subarray(pos));
      this.size = buf.length - pos;
    }
  }

  /** Parses whole replies from `buf`; returns where the first incomplete one starts. */
  private parse(buf: Buffer): number {
    const len = buf.length;
    let pos = 0;
    while (pos < len && !this.stopped) {
      const lf = buf.indexOf(10, pos);
      if (lf < 0) {
        this.need = len - pos + 1;
        return pos;
      }
      const lineEnd = lf > pos && buf[lf - 1] === 13 ? lf - 1 : lf;
      if (buf[pos] === 0x56 && buf[pos + 1] === 0x41 && buf[pos + 2] === 0x20) { // "VA "
        let i = pos + 3;
        let size = 0;
        for (let c = buf[i]; c >= 0x30 && c <= 0x39; c = buf[++i]) size = size * 10 + c - 0x30;
        const dataEnd = lf + 1 + size;
        if (dataEnd + 2 > len) {
          this.need = dataEnd + 2 - pos;
          return pos;
        }
        let flags = 0;
        let cas: string | undefined;
        while (i < lineEnd) { // return flags: f<client flags>, c<cas>; others ignored
          if (buf[i] === 0x20) {
            i++;
            continue;
          }
          const tag = buf[i];
          let j = i + 1;
          while (j < lineEnd && buf[j] !== 0x20) j++;
          if (tag === 0x66) flags = digits(buf, i + 1, j);
          else if (tag === 0x63) cas = buf.toString('latin1', i + 1, j);
          i = j;
        }
        this.sink.value(buf, lf + 1, dataEnd, flags, cas);
        pos = dataEnd + 2;
      } else {
        const c0 = buf[pos];
        const c1 = buf[pos + 1];
        if (c0 >= 0x41 && c0 <= 0x5a && c1 >= 0x41 && c1 <= 0x5a && (lineEnd === pos + 2 || buf[pos + 2] === 0x20)) {
          this.sink.status(c0 * 256 + c1);
        } else {
          this.sink.error(buf.toString('latin1', pos, lineEnd));
        }
        pos = lf + 1;
      }
    }
    this.need = 0;
    return pos;
  }
}

function digits(buf: Buffer, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) n = n * 10 + buf[i] - 0x30;
  return n;
}

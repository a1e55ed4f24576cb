import { CacheStoreError, CacheValueTooLargeError } from '../errors';
import { ADD, DELETE, EN, EX, GET, GET_CAS, HD, MN, NF, NOOP, NS, Payload, SET, SET_CAS, TOUCH, decodeValue } from './protocol';

export const STORE = 'memcached';

/**
 * One command on its way: its bytes, how to read its reply, and its caller's promise. One class
 * (one hidden class, monomorphic field access on the hot path) for every kind.
 */
export class Command {
  /** Set when the caller was rejected by a deadline while its bytes may still get a reply. */
  public expired = false;

  constructor(
    public readonly kind: number,
    /** The CacheStore method, for errors (`get`, `deleteIfEquals`, …). */
    public readonly op: string,
    /** The caller's key (errors name it), not the hashed wire key. */
    public readonly key: string,
    /** The key as sent: it picks the node. */
    public readonly route: string,
    public readonly payload: Payload,
    /** The deadline sweeper's tick when the command started. */
    public readonly tick: number,
    public readonly resolve: (value: unknown) => void,
    public readonly reject: (err: unknown) => void,
  ) {}

  /** A `VA` reply. */
  public value(buf: Buffer, start: number, end: number, flags: number, cas: string | undefined): void {
    if (this.kind === GET) this.resolve(decodeValue(buf, start, end, flags));
    else if (this.kind === GET_CAS && cas !== undefined) this.resolve({ value: decodeValue(buf, start, end, flags), cas });
    else this.unexpected('VA');
  }

  /** A status reply. */
  public status(code: number): void {
    switch (this.kind) {
      case GET:
      case GET_CAS:
        if (code === EN) return this.resolve(undefined);
        break;
      case SET:
        if (code === HD) return this.resolve(undefined);
        if (code === NS) return this.reject(new CacheStoreError(STORE, this.op, this.key, new Error('NS (not stored)')));
        break;
      case ADD:
        if (code === HD || code === NS) return this.resolve(code === HD);
        break;
      case SET_CAS: // EX: changed since read; NF: deleted since read
        if (code === HD || code === EX || code === NF) return this.resolve(code === HD);
        break;
      case DELETE:
        if (code === HD || code === NF || code === EX) return this.resolve(code === HD);
        break;
      case TOUCH:
        if (code === HD || code === EN) return this.resolve(code === HD);
        break;
      case NOOP:
        if (code === MN) return this.resolve(undefined);
        break;
    }
    this.unexpected(String.fromCharCode(Math.floor(code / 256), code % 256));
  }

  /** `SERVER_ERROR …` (e.g. "object too large for cache", "out of memory"), `CLIENT_ERROR …`. */
  public error(line: string): void {
    if (line.startsWith('SERVER_ERROR object too large')) { // the server's -I is below maxValueBytes
      const head = String(typeof this.payload === 'string' ? this.payload : this.payload[0]);
      const bytes = Number(head.split(' ', 3)[2]); // `ms <key> <bytes> …`
      this.reject(new CacheValueTooLargeError(STORE, this.op, this.key, bytes, undefined, `${STORE} ${this.op} '${this.key}' failed: ${line}: `
        + `the value is ${bytes} bytes, over the server's item size limit (-I), which is below maxValueBytes; not stored`));
      return;
    }
    this.reject(new CacheStoreError(STORE, this.op, this.key, new Error(line)));
  }

  private unexpected(reply: string): void {
    this.reject(new CacheStoreError(STORE, this.op, this.key, new Error(`unexpected reply ${reply}`)));
  }
}

/**
 * JSON that keeps the types plain JSON loses: Date, BigInt, Map, Set, Buffer, NaN/±Infinity, -0 and
 * `undefined` inside arrays. Such a value is written as `{"$t":"<type>","v":<payload>}`; a plain
 * object that happens to own a `$t` key is escaped as `{"$t":"Object","v":[[key, value], …]}`
 * so it cannot be mistaken for a tagged value.
 *
 * `undefined` as an object property is dropped, as JSON does (reading it back gives undefined
 * anyway). Class instances come back as plain objects (their own enumerable properties, or what
 * their `toJSON()` returns). Functions and symbols are refused (JSON would drop them silently).
 *
 * Why a walk instead of a `JSON.stringify` replacer / `JSON.parse` reviver: V8 calls those from
 * C++ for every key, which measured 2–5× slower than plain JSON (bench/serialization.bench.ts).
 * `tagValue` walks the value once, copying only the objects on a path to a special value (copy on
 * write), and reports whether it tagged anything, so a plain value is stringified natively and
 * marked plain, and its reader calls `JSON.parse` with nothing after it. `reviveTagged` walks the
 * parsed tree in place, only for values marked typed.
 */

/** Deeper than this is refused: it is almost certainly a cycle, and deeper JSON overflows anyway. */
const MAX_DEPTH = 512;

/** Thrown for values no store can hold; the codec adds the cache key. */
export class UnstorableValue extends Error {
  constructor(public readonly property: string, public readonly kind: string) {
    super(kind.startsWith('a ') ? `${kind} at ${property === '' ? 'the top level' : `property '${property}'`} cannot be serialized` : kind);
  }
}

/** The result of `tagValue`: the JSON-safe value and whether it needs `reviveTagged` to read back. */
export class Tagged {
  public typed = false;
  public value: unknown = undefined;
}

const hasOwn = Object.prototype.hasOwnProperty;

/** Converts `value` to a JSON-safe value (state lives in `out`); throws `UnstorableValue`. */
export function tagValue(value: unknown, out: Tagged): Tagged {
  out.typed = false;
  out.value = tag(value, '', 0, out);
  return out;
}

function tag(value: unknown, key: string, depth: number, out: Tagged): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
    case 'undefined': // dropped from objects by JSON; arrays handle their own holes
      return value;
    case 'number':
      // -0 is finite but JSON writes it as 0; `1 / value` tells them apart without a call.
      if (value !== 0 ? Number.isFinite(value) : 1 / value > 0) return value;
      out.typed = true;
      return { $t: 'Number', v: value === 0 ? '-0' : String(value) };
    case 'bigint':
      out.typed = true;
      return { $t: 'BigInt', v: value.toString() };
    case 'object':
      return value === null ? null : tagObject(value, key, depth, out);
    default: // function, symbol
      throw new UnstorableValue(key, `a ${typeof value}`);
  }
}

function tagObject(value: object, key: string, depth: number, out: Tagged): unknown {
  if (depth >= MAX_DEPTH) throw new UnstorableValue(key, `the value has a circular reference or is nested deeper than ${MAX_DEPTH} levels`);
  if (value instanceof Date) {
    out.typed = true;
    const time = value.getTime();
    return { $t: 'Date', v: Number.isNaN(time) ? null : time };
  }
  if (Array.isArray(value)) return tagArray(value, depth, out);
  if (value instanceof Map) {
    out.typed = true;
    const entries: unknown[] = [];
    for (const [k, v] of value) entries.push([tagSlot(k, key, depth + 1, out), tagSlot(v, key, depth + 1, out)]);
    return { $t: 'Map', v: entries };
  }
  if (value instanceof Set) {
    out.typed = true;
    const items: unknown[] = [];
    for (const v of value) items.push(tagSlot(v, key, depth + 1, out));
    return { $t: 'Set', v: items };
  }
  if (Buffer.isBuffer(value)) {
    out.typed = true;
    return { $t: 'Buffer', v: value.toString('base64') };
  }
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') { // JSON's own rule: serialize what toJSON returns
    const json: unknown = toJSON.call(value, key);
    if (json !== value) return tag(json, key, depth + 1, out);
  }
  const plain = Object.getPrototypeOf(value) === Object.prototype;
  // for..in is the fastest walk; it also yields inherited enumerable keys, which JSON ignores,
  // so non-plain objects (class instances, null prototypes) use Object.keys.
  const keys = plain ? undefined : Object.keys(value);
  if (plain ? hasOwn.call(value, '$t') : keys!.includes('$t')) {
    out.typed = true;
    const entries: unknown[] = [];
    for (const k of Object.keys(value)) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined) entries.push([k, tag(v, k, depth + 1, out)]);
    }
    return { $t: 'Object', v: entries };
  }
  const source = value as Record<string, unknown>;
  let copy: Record<string, unknown> | undefined;
  if (keys === undefined) {
    for (const k in source) {
      const v = source[k];
      const t = tag(v, k, depth + 1, out);
      if (copy === undefined && t !== v) copy = copyBefore(source, undefined, k); // first change
      if (copy !== undefined) put(copy, k, t);
    }
  } else {
    for (const k of keys) {
      const v = source[k];
      const t = tag(v, k, depth + 1, out);
      if (copy === undefined && t !== v) copy = copyBefore(source, keys, k);
      if (copy !== undefined) put(copy, k, t);
    }
  }
  return copy ?? value;
}

/** Copy on write: a new object with the properties that come before `stop`, unchanged. */
function copyBefore(source: Record<string, unknown>, keys: string[] | undefined, stop: string): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const k of keys ?? Object.keys(source)) {
    if (k === stop) break;
    put(copy, k, source[k]);
  }
  return copy;
}

/** `target[key] = value`, except that an own "__proto__" key stays a property (assigning it would set the prototype). */
function put(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  else target[key] = value;
}

function tagArray(value: unknown[], depth: number, out: Tagged): unknown {
  let copy: unknown[] | undefined;
  for (let i = 0; i < value.length; i++) {
    const v: unknown = value[i];
    const t = tagSlot(v, String(i), depth + 1, out);
    if (copy === undefined && t !== v) copy = value.slice(0, i);
    if (copy !== undefined) copy.push(t);
  }
  return copy ?? value;
}

/** An array slot or Map/Set member: `undefined` must survive there, so it is tagged. */
function tagSlot(value: unknown, key: string, depth: number, out: Tagged): unknown {
  if (value !== undefined) return tag(value, key, depth, out);
  out.typed = true;
  return UNDEFINED;
}

const UNDEFINED = Object.freeze({ $t: 'undefined' });

/** Restores tagged values in a tree fresh from `JSON.parse`, in place; returns the (new) root. */
export function reviveTagged(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (typeof item === 'object' && item !== null) value[i] = reviveTagged(item);
    }
    return value;
  }
  const tagged = value as { $t?: unknown; v?: unknown };
  if (typeof tagged.$t === 'string') return untag(tagged.$t, tagged.v, value);
  const record = value as Record<string, unknown>;
  for (const key in record) {
    const item = record[key];
    if (typeof item !== 'object' || item === null) continue;
    put(record, key, reviveTagged(item)); // JSON.parse makes "__proto__" an own property: it stays one
  }
  return value;
}

function untag(type: string, payload: unknown, original: object): unknown {
  switch (type) {
    case 'Date': return new Date(payload === null ? NaN : payload as number);
    case 'BigInt': return BigInt(payload as string);
    case 'Number': return Number(payload);
    case 'undefined': return undefined;
    case 'Buffer': return Buffer.from(payload as string, 'base64');
    case 'Set': return new Set(reviveTagged(payload) as unknown[]);
    case 'Map': return new Map(reviveTagged(payload) as [unknown, unknown][]);
    case 'Object': return Object.fromEntries(reviveTagged(payload) as [string, unknown][]);
    default: return original; // not ours (cannot happen for data we wrote): leave it
  }
}

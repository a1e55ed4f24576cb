/* eslint-disable no-bitwise */ // MD5 is 32-bit bit arithmetic
import { hash } from 'node:crypto';

/**
 * The first 32-bit little-endian word of MD5(key): the ketama point of a key.
 *
 * Why not just `crypto.hash('md5', key)`: it costs ~1 µs per call here (a native call and a
 * Buffer per key), about 30 % of a pipelined GET's cost on a multi-node store. Keys are almost
 * always short ASCII, for which this plain-JS MD5 (no allocation) is several times faster. Other
 * keys (non-ASCII) go to `crypto`. Tested against `crypto` for every length 0–250.
 */
export function md5Word(key: string): number {
  const n = key.length;
  for (let i = 0; i < n; i++) {
    if (key.charCodeAt(i) > 0x7f) return hash('md5', key, 'buffer').readUInt32LE(0);
  }
  let a0 = 0x67452301;
  let b0 = 0xefcdab89 | 0;
  let c0 = 0x98badcfe | 0;
  let d0 = 0x10325476;
  const blocks = ((n + 8) >>> 6) + 1; // message + 0x80 + 8-byte length, in 64-byte blocks
  for (let block = 0; block < blocks; block++) {
    M.fill(0);
    const from = block * 64;
    const to = Math.min(n, from + 64);
    for (let p = from; p < to; p++) M[(p - from) >> 2] |= key.charCodeAt(p) << ((p & 3) << 3);
    if (n >= from && n < from + 64) M[(n - from) >> 2] |= 0x80 << ((n & 3) << 3);
    if (block === blocks - 1) M[14] = n << 3; // length in bits (keys are far below 2^29 bytes)
    let a = a0;
    let b = b0;
    let c = c0;
    let d = d0;
    let x: number;
    for (let i = 0; i < 16; i++) {
      x = (a + ((b & c) | (~b & d)) + K[i] + M[i]) | 0;
      a = d; d = c; c = b;
      b = (b + ((x << S[i]) | (x >>> (32 - S[i])))) | 0;
    }
    for (let i = 16; i < 32; i++) {
      x = (a + ((d & b) | (~d & c)) + K[i] + M[(5 * i + 1) & 15]) | 0;
      a = d; d = c; c = b;
      b = (b + ((x << S[i]) | (x >>> (32 - S[i])))) | 0;
    }
    for (let i = 32; i < 48; i++) {
      x = (a + (b ^ c ^ d) + K[i] + M[(3 * i + 5) & 15]) | 0;
      a = d; d = c; c = b;
      b = (b + ((x << S[i]) | (x >>> (32 - S[i])))) | 0;
    }
    for (let i = 48; i < 64; i++) {
      x = (a + (c ^ (b | ~d)) + K[i] + M[(7 * i) & 15]) | 0;
      a = d; d = c; c = b;
      b = (b + ((x << S[i]) | (x >>> (32 - S[i])))) | 0;
    }
    a0 = (a0 + a) | 0;
    b0 = (b0 + b) | 0;
    c0 = (c0 + c) | 0;
    d0 = (d0 + d) | 0;
  }
  return a0 >>> 0;
}

const M = new Int32Array(16);
const K = Int32Array.from({ length: 64 }, (_, i) => Math.floor(Math.abs(Math.sin(i + 1)) * 2 ** 32) | 0);
const S = Uint8Array.from([
  7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
  5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20,
  4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
  6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21,
]);

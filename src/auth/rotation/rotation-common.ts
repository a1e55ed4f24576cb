/**
 * What the rotation functions share: a real `AUTH` against the cache, the secret generator, and
 * reading durations from the environment. Bundled into each function by esbuild.
 */
import { randomInt } from 'node:crypto';
import * as net from 'node:net';
import * as tls from 'node:tls';

const SECRET_LENGTH = 64;
// Alphanumerics only: always valid in an ElastiCache AUTH token or user password, and never in need of escaping.
const SECRET_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const AUTH_TIMEOUT_MS = 5_000;

/** A new 64-character alphanumeric secret; randomInt is uniform, so every character is equally likely. */
export function generateSecret(): string {
  return Array.from({ length: SECRET_LENGTH }, () => SECRET_ALPHABET[randomInt(SECRET_ALPHABET.length)]).join('');
}

/**
 * Sends `AUTH <args...>` (a token, or a user name and password) and expects `+OK`.
 * Errors name `what` ('token', 'password') and never include the secret.
 */
export async function checkAuth(endpoint: string, useTls: boolean, args: string[], what: string): Promise<void> {
  const separator = endpoint.lastIndexOf(':');
  const host = endpoint.slice(0, separator);
  const port = Number(endpoint.slice(separator + 1));
  if (separator <= 0 || !Number.isInteger(port) || port <= 0 || port > 65535) {
    throw new Error(`CACHE_ENDPOINT must be host:port, got ${endpoint}`);
  }
  const parts = ['AUTH', ...args];
  const command = `*${parts.length}\r\n${parts.map((p) => `$${Buffer.byteLength(p)}\r\n${p}\r\n`).join('')}`;

  return new Promise<void>((resolve, reject) => {
    const socket = useTls
      // SNI takes a host name only; ElastiCache endpoints are names, tests may use an IP.
      ? tls.connect({ host, port, servername: net.isIP(host) ? undefined : host })
      : net.connect({ host, port });
    let reply = '';
    let settled = false;
    const finish = (error?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if (error) reject(error); else resolve();
    };
    const timer = setTimeout(() => finish(new Error(`AUTH check on ${endpoint} timed out after ${AUTH_TIMEOUT_MS / 1000}s`)), AUTH_TIMEOUT_MS);

    socket.once(useTls ? 'secureConnect' : 'connect', () => socket.write(command));
    socket.on('data', (chunk: Buffer) => {
      reply += chunk.toString('utf8');
      const end = reply.indexOf('\r\n');
      if (end < 0) return;
      const line = reply.slice(0, end);
      if (line === '+OK') return finish();
      // Name only the error code (e.g. WRONGPASS): the rest of a reply is the server's to word.
      const code = line.startsWith('-') ? line.slice(1).split(' ')[0] : 'unexpected reply';
      finish(new Error(`AUTH with the new ${what} was rejected by ${endpoint}: ${code}`));
    });
    socket.on('error', (err: NodeJS.ErrnoException) =>
      finish(new Error(`AUTH check could not reach ${endpoint}: ${err.code ?? err.message}`)));
    socket.on('close', () => finish(new Error(`AUTH check on ${endpoint}: connection closed before a reply`)));
  });
}

/** A non-negative number of seconds from the environment, or `fallback` when unset. */
export function seconds(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number of seconds, got ${raw}`);
  return value;
}

/** CACHE_TLS: 'true' (default) or 'false'. */
export function tlsFromEnvironment(): boolean {
  const setting = (process.env.CACHE_TLS ?? 'true').toLowerCase();
  if (setting !== 'true' && setting !== 'false') {
    throw new Error(`CACHE_TLS must be 'true' or 'false', got ${process.env.CACHE_TLS}`);
  }
  return setting === 'true';
}

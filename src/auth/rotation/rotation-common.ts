/**
 * What the rotation functions share besides the steps (rotation-steps.ts): a real `AUTH` against the
 * cache, the secret generator, the settings from the environment, and waiting for ElastiCache to take
 * a change. Bundled into each function by esbuild.
 */
import { randomInt } from 'node:crypto';
import * as net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
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

/** How long a step waits for ElastiCache to take a change, and how often it looks. */
export interface Patience {
  readonly maxWaitMs: number;
  readonly pollMs: number;
}

/** The settings every rotation function reads: where testSecret AUTHs, and how long steps wait. */
export interface CacheSettings extends Patience {
  /** CACHE_ENDPOINT, `host:port`: overrides the endpoint ElastiCache reports of the cache (tests, a function outside the stack). */
  readonly endpoint?: string;
  readonly useTls: boolean;
}

/** CACHE_ENDPOINT, CACHE_TLS, MAX_WAIT_SECONDS (default 600) and POLL_INTERVAL_SECONDS (default 15). */
export function cacheSettings(): CacheSettings {
  return {
    endpoint: process.env.CACHE_ENDPOINT || undefined,
    useTls: tlsFromEnvironment(),
    maxWaitMs: seconds('MAX_WAIT_SECONDS', 600) * 1000,
    pollMs: seconds('POLL_INTERVAL_SECONDS', 15) * 1000,
  };
}

/** What a wait is about, for its log lines and errors. */
export interface Subject extends Patience {
  /** 'replication group my-group', 'user app-user'. */
  readonly name: string;
}

/**
 * Describes the subject until its status is `state`, then returns what `look` found; fails at `deadline`.
 * A change is in force only once the group or user is back in that state.
 */
export async function waitFor<V>(s: Subject, state: string, deadline: number,
  look: () => Promise<{ readonly status?: string; readonly value: V }>): Promise<V> {
  for (;;) {
    const { status, value } = await look();
    if (status === state) return value;
    if (Date.now() >= deadline) {
      throw new Error(`Timed out after ${s.maxWaitMs / 1000}s waiting for ${s.name} to be ${state} (status: ${status ?? 'unknown'})`);
    }
    console.log(`${capitalized(s.name)} is ${status ?? 'unknown'}, waiting`);
    await sleep(s.pollMs);
  }
}

/**
 * Runs `attempt` (which waits for the subject, then modifies it) until it succeeds, again while
 * ElastiCache answers `busyFault`: another change can start between a describe and a modify.
 * `change` names the modification in the errors ('ROTATE of the AUTH token').
 */
export async function retryWhileBusy(s: Subject, busyFault: string, change: string,
  attempt: (deadline: number) => Promise<void>): Promise<void> {
  const deadline = Date.now() + s.maxWaitMs;
  for (;;) {
    try {
      return await attempt(deadline);
    } catch (err) {
      if ((err as Error).name !== busyFault) throw err;
      if (Date.now() >= deadline) {
        throw new Error(`${capitalized(s.name)} stayed in a state that rejects ${change} for ${s.maxWaitMs / 1000}s`);
      }
      console.log(`${capitalized(s.name)} is busy, retrying ${change}`);
      await sleep(s.pollMs);
    }
  }
}

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** A `host:port` ElastiCache reports, or undefined when it reports none (yet). */
export interface ReportedEndpoint {
  readonly Address?: string;
  readonly Port?: number;
}

/** Where clients of a described replication group connect: the configuration endpoint in cluster mode, else the primary. */
export function replicationGroupEndpoint(group: {
  readonly ConfigurationEndpoint?: ReportedEndpoint;
  readonly NodeGroups?: ReadonlyArray<{ readonly PrimaryEndpoint?: ReportedEndpoint }>;
}): string | undefined {
  return socketAddress(group.ConfigurationEndpoint ?? group.NodeGroups?.[0]?.PrimaryEndpoint);
}

/** `host:port`, or undefined when either is missing. */
export function socketAddress(endpoint: ReportedEndpoint | undefined): string | undefined {
  return endpoint?.Address && endpoint.Port ? `${endpoint.Address}:${endpoint.Port}` : undefined;
}

/** Where testSecret AUTHs: CACHE_ENDPOINT (with CACHE_TLS) when set, else what ElastiCache reports of the cache. */
export function authEndpoint(settings: CacheSettings, reported: { readonly endpoint?: string; readonly useTls: boolean }):
{ readonly endpoint?: string; readonly useTls: boolean } {
  return settings.endpoint ? { endpoint: settings.endpoint, useTls: settings.useTls } : reported;
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

import { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
/**
 * Real-server harness for the Memcached store: `memcached` processes on loopback (plain or TLS),
 * a fake ElastiCache configuration endpoint, and a "black hole" that accepts connections but
 * never answers. Process tracking (no server outlives the run), free ports and throw-away TLS
 * certificates come from the shared harness in client/test/servers.
 */
import * as net from 'node:net';
import * as tls from 'node:tls';
import { freePort } from '../servers/ports';
import { killProcess, spawnTracked } from '../servers/processes';
import { TlsFiles } from '../servers/tls';

export { makeTlsFiles } from '../servers/tls';
export { liveProcessCount } from '../servers/processes';

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` every 20 ms until it returns true; throws after `timeoutMs`. */
export async function waitFor(what: string, timeoutMs: number, check: () => boolean | Promise<boolean>): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(20);
  }
}

export interface MemcachedServerOptions {
  /** Serve TLS only (`-Z -o ssl_chain_cert=…,ssl_key=…`). */
  readonly tls?: TlsFiles;
  /** Memory limit in MB. @default 64 */
  readonly memoryMb?: number;
  readonly args?: string[];
}

/**
 * One `memcached` process on a loopback port. `kill()` is a crash (SIGKILL); `start()` again
 * brings it back, empty, on the same port.
 */
export class MemcachedServer {
  public readonly host = '127.0.0.1';
  private child: ChildProcess | undefined;

  constructor(public readonly port: number, public readonly options: MemcachedServerOptions = {}) {}

  public get address(): string {
    return `${this.host}:${this.port}`;
  }

  public get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  public async start(timeoutMs = 10_000): Promise<this> {
    if (this.running) return this;
    const child = spawnTracked('memcached', this.args());
    this.child = child;
    await waitFor(`memcached on ${this.address}`, timeoutMs, async () => {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`memcached on ${this.address} exited during startup`);
      try {
        return (await this.command('version\r\n')).startsWith('VERSION');
      } catch {
        return false;
      }
    });
    return this;
  }

  public async kill(): Promise<void> {
    if (this.child !== undefined) await killProcess(this.child, 'SIGKILL');
  }

  /**
   * Pauses the process (SIGSTOP): TCP still connects, nothing answers. The signal is delivered
   * asynchronously, so this waits until the kernel reports the process stopped ('T' in
   * /proc/<pid>/stat); a command sent earlier could still be answered.
   */
  public async pause(): Promise<void> {
    const pid = this.child?.pid;
    if (pid === undefined) return;
    this.child!.kill('SIGSTOP');
    for (let i = 0; i < 200; i++) {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (/^\d+ \(.*\) T /.test(stat)) return;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    throw new Error(`memcached ${pid} did not stop within 1 s of SIGSTOP`);
  }

  public resume(): void {
    this.child?.kill('SIGCONT');
  }

  /** One raw protocol exchange (the reply up to `until`, default one line). */
  public command(text: string | Buffer, until: RegExp = /\r\n$/): Promise<string> {
    return rawCommand(this.host, this.port, text, until, this.options.tls);
  }

  public async flushAll(): Promise<void> {
    await this.command('flush_all\r\n');
  }

  private args(): string[] {
    const args = ['-l', this.host, '-p', String(this.port), '-U', '0', '-t', '1', '-c', '256', '-m', String(this.options.memoryMb ?? 64)];
    if (process.getuid?.() === 0) args.push('-u', 'root'); // memcached refuses to run as root otherwise
    const t = this.options.tls;
    if (t !== undefined) args.push('-Z', '-o', `ssl_chain_cert=${t.certFile},ssl_key=${t.keyFile}`);
    args.push(...(this.options.args ?? []));
    return args;
  }
}

export async function startMemcached(options: MemcachedServerOptions = {}): Promise<MemcachedServer> {
  const server = new MemcachedServer(await freePort(), options);
  try {
    return await server.start();
  } catch (err) {
    await server.kill();
    throw err;
  }
}

/** Sends `text` on a fresh connection and resolves with the reply once it matches `until`. */
export function rawCommand(host: string, port: number, text: string | Buffer, until: RegExp, tlsFiles?: TlsFiles): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket: net.Socket = tlsFiles === undefined
      ? net.connect({ host, port }, () => socket.write(text))
      : tls.connect({ host, port, ca: tlsFiles.ca }, () => socket.write(text));
    let reply = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no reply from ${host}:${port}`));
    }, 3_000);
    socket.on('data', (chunk: Buffer) => {
      reply += chunk.toString('latin1');
      if (until.test(reply)) {
        clearTimeout(timer);
        socket.destroy();
        resolve(reply);
      }
    });
    socket.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

/** A listening test server to stop. */
interface Closable {
  readonly port: number;
  close(): Promise<void>;
}

/**
 * A fake ElastiCache configuration endpoint: answers `config get cluster` with the node list set
 * by `setNodes` (version bumped on each change), anything else with `ERROR`.
 */
export interface FakeConfigEndpoint extends Closable {
  version: number;
  requests: number;
  setNodes(nodes: ReadonlyArray<{ host: string; port: number }>, options?: { hostName?: string }): void;
}

export async function startConfigEndpoint(
  nodes: ReadonlyArray<{ host: string; port: number }>, port?: number, tlsFiles?: TlsFiles,
): Promise<FakeConfigEndpoint> {
  let body = '';
  const endpoint = {
    version: 0,
    requests: 0,
    setNodes(list: ReadonlyArray<{ host: string; port: number }>, options: { hostName?: string } = {}) {
      endpoint.version++;
      // host|ip|port: the DNS name names the node on the ring, the IP is dialed.
      const entries = list.map((n) => `${options.hostName ?? 'localhost'}|${n.host}|${n.port}`);
      body = `${endpoint.version}\n${entries.join(' ')}\n`;
    },
  };
  endpoint.setNodes(nodes);
  const server = await listen(port, tlsFiles, (socket) => {
    let input = '';
    socket.on('data', (chunk: Buffer) => {
      input += chunk.toString('latin1');
      let lf: number;
      while ((lf = input.indexOf('\n')) >= 0) {
        const line = input.slice(0, lf).trim();
        input = input.slice(lf + 1);
        if (line === 'config get cluster') {
          endpoint.requests++;
          socket.write(`CONFIG cluster 0 ${Buffer.byteLength(body)}\r\n${body}\r\nEND\r\n`);
        } else {
          socket.write('ERROR\r\n');
        }
      }
    });
  });
  return Object.assign(endpoint, server);
}

/** Accepts connections and reads everything, answering nothing: a hung node. */
export interface BlackHole extends Closable {
  readonly connections: number;
}

export async function startBlackHole(): Promise<BlackHole> {
  let connections = 0;
  const server = await listen(undefined, undefined, (socket) => {
    connections++;
    socket.resume();
  });
  return { get connections() { return connections; }, port: server.port, close: server.close };
}

/**
 * A scripted server: `respond` gets each request line (value bytes of `ms` included as lines) and
 * returns the bytes to send back, or undefined for none.
 */
export async function startScriptedServer(respond: (line: string) => string | undefined): Promise<Closable> {
  return listen(undefined, undefined, (socket) => {
    let input = '';
    socket.on('data', (chunk: Buffer) => {
      input += chunk.toString('latin1');
      let lf: number;
      while ((lf = input.indexOf('\n')) >= 0) {
        const reply = respond(input.slice(0, lf).trim());
        input = input.slice(lf + 1);
        if (reply !== undefined) socket.write(reply);
      }
    });
  });
}

async function listen(wanted: number | undefined, tlsFiles: TlsFiles | undefined, onConnection: (socket: net.Socket) => void): Promise<Closable> {
  const sockets = new Set<net.Socket>();
  const secure = tlsFiles && { key: fs.readFileSync(tlsFiles.keyFile), cert: fs.readFileSync(tlsFiles.certFile) };
  const server = (secure ? tls.createServer(secure) : net.createServer()).on(secure ? 'secureConnection' : 'connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    onConnection(socket);
  });
  const port = wanted ?? await freePort();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return {
    port,
    close: () => new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  };
}

import * as net from 'node:net';
import * as tls from 'node:tls';
import { endpoint, MemcachedTlsOptions, ResolvedEndpoint, tlsConnectOptions } from './options';

/** A node list from `config get cluster`. */
export interface ClusterConfig {
  /** Incremented by ElastiCache on every node added or removed. */
  readonly version: number;
  readonly nodes: ResolvedEndpoint[];
}

/** The endpoint answered `ERROR`: not an ElastiCache configuration endpoint (plain memcached). */
export const UNSUPPORTED = 'unsupported';

/**
 * Parses the body of `CONFIG cluster 0 <len>\r\n<body>\r\nEND\r\n`: a version line ending in
 * LF, then `host|ip|port` entries separated by spaces (AWS, "Adding Auto Discovery to your client
 * library"). An entry with an empty ip is dialed by host name.
 */
export function parseClusterConfig(body: string): ClusterConfig {
  const [versionLine, ...rest] = body.replace(/\r/g, '').split('\n');
  const version = Number(versionLine.trim());
  if (versionLine.trim() === '' || !Number.isInteger(version)) throw new Error(`bad config version line '${versionLine}'`);
  const nodes = rest.join(' ').split(/\s+/).filter((entry) => entry !== '').map((entry) => {
    const [host, ip, port, extra] = entry.split('|');
    if (port === undefined || extra !== undefined) throw new Error(`bad node entry '${entry}' (expected host|ip|port)`);
    return endpoint(host, ip, Number(port), 'config get cluster', entry);
  });
  return { version, nodes };
}

/**
 * Asks `target` for `config get cluster` over a fresh connection (the configuration endpoint is
 * a DNS name that moves between nodes, and a poll every minute needs no kept connection).
 * Rejects on a connection error, an error reply other than `ERROR`, or after `timeoutMs`.
 */
export function requestClusterConfig(
  target: ResolvedEndpoint,
  tlsOptions: MemcachedTlsOptions | undefined,
  timeoutMs: number,
): Promise<ClusterConfig | typeof UNSUPPORTED> {
  return new Promise((resolve, reject) => {
    const send = () => socket.write('config get cluster\r\n');
    const socket = tlsOptions === undefined
      ? net.connect({ host: target.address, port: target.port }, send)
      : tls.connect(tlsConnectOptions(tlsOptions, target), send);
    const chunks: Buffer[] = [];
    const finish = (err: Error | undefined, result?: ClusterConfig | typeof UNSUPPORTED) => {
      clearTimeout(timer);
      socket.destroy();
      if (err !== undefined) reject(err);
      else resolve(result!);
    };
    const timer = setTimeout(() => finish(new Error(`no answer to 'config get cluster' from ${target.id} within ${timeoutMs} ms`)), timeoutMs);
    timer.unref();
    socket.on('error', (err) => finish(new Error(`config get cluster from ${target.id}: ${err.message}`)));
    socket.on('close', () => finish(new Error(`config get cluster: ${target.id} closed the connection`)));
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      let reply: ReturnType<typeof parseReply>;
      try {
        reply = parseReply(Buffer.concat(chunks));
      } catch (err) {
        finish(err as Error);
        return;
      }
      if (reply !== undefined) finish(undefined, reply);
    });
  });
}

/**
 * A whole reply, or undefined while incomplete. The body is taken up to the closing `END` line
 * rather than by its announced length, which tolerates servers that count the trailing CRLF
 * differently.
 */
function parseReply(buf: Buffer): ClusterConfig | typeof UNSUPPORTED | undefined {
  const lf = buf.indexOf(10);
  if (lf < 0) return undefined;
  const line = buf.toString('latin1', 0, lf).trimEnd();
  if (line === 'ERROR') return UNSUPPORTED;
  if (!/^CONFIG cluster \d+ \d+$/.test(line)) throw new Error(`config get cluster: unexpected reply '${line}'`);
  const tail = buf.toString('latin1', Math.max(lf, buf.length - 6));
  if (tail !== '\nEND\r\n') return undefined;
  return parseClusterConfig(buf.toString('utf8', lf + 1, buf.length - 5));
}

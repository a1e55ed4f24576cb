import * as net from 'node:net';
import * as tls from 'node:tls';

/** A reply from the tiny admin client: strings, numbers, null, arrays, or a `RespError`. */
export type Reply = string | number | null | Reply[] | RespError;

/** An error reply (`-ERR …`) from the server. */
export class RespError extends Error {}

/** How to reach a server for admin commands (the harness's own, independent of node-redis). */
export interface AdminTarget {
  readonly host: string;
  readonly port: number;
  /** PEM CA to trust; set for TLS-only servers. */
  readonly tlsCa?: Buffer;
  readonly username?: string;
  readonly password?: string;
}

/**
 * Sends one command on a fresh connection and returns its reply (RESP2). Rejects on connection
 * errors and after `timeoutMs`. Error replies reject with `RespError`.
 */
export async function adminCommand(target: AdminTarget, args: Array<string | number>, timeoutMs = 5_000): Promise<Reply> {
  const commands: Array<Array<string | number>> = [];
  if (target.password !== undefined) {
    commands.push(target.username !== undefined ? ['AUTH', target.username, target.password] : ['AUTH', target.password]);
  }
  commands.push(args);
  const replies = await exchange(target, commands, timeoutMs);
  for (const reply of replies) if (reply instanceof RespError) throw reply;
  return replies[replies.length - 1];
}

function exchange(target: AdminTarget, commands: Array<Array<string | number>>, timeoutMs: number): Promise<Reply[]> {
  return new Promise((resolve, reject) => {
    const socket: net.Socket = target.tlsCa !== undefined
      ? tls.connect({ host: target.host, port: target.port, ca: target.tlsCa, servername: 'localhost' })
      : net.connect({ host: target.host, port: target.port });
    const parser = new Parser();
    const replies: Reply[] = [];
    const timer = setTimeout(() => finish(new Error(`${target.host}:${target.port} did not answer ${String(commands[commands.length - 1][0])} within ${timeoutMs} ms`)), timeoutMs);
    let finished = false;
    function finish(err?: Error): void {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      socket.destroy();
      if (err !== undefined) reject(err);
      else resolve(replies);
    }
    socket.on('error', (err) => finish(err));
    socket.on('close', () => finish(new Error(`${target.host}:${target.port} closed the connection`)));
    socket.on('data', (chunk) => {
      try {
        for (const reply of parser.feed(chunk)) replies.push(reply);
      } catch (err) {
        finish(err as Error);
        return;
      }
      if (replies.length === commands.length) finish();
    });
    socket.write(commands.map(encode).join(''));
  });
}

function encode(args: Array<string | number>): string {
  let out = `*${args.length}\r\n`;
  for (const arg of args) {
    const text = String(arg);
    out += `$${Buffer.byteLength(text)}\r\n${text}\r\n`;
  }
  return out;
}

/** An incremental RESP2 parser: feed chunks, get complete replies. */
class Parser {
  private buffer: Buffer = Buffer.alloc(0);

  feed(chunk: Buffer): Reply[] {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const out: Reply[] = [];
    for (;;) {
      const parsed = parse(this.buffer, 0);
      if (parsed === undefined) break;
      out.push(parsed.reply);
      this.buffer = this.buffer.subarray(parsed.end);
    }
    return out;
  }
}

function parse(buffer: Buffer, at: number): { reply: Reply; end: number } | undefined {
  const lineEnd = buffer.indexOf('\r\n', at);
  if (lineEnd < 0) return undefined;
  const type = String.fromCharCode(buffer[at]);
  const line = buffer.toString('utf8', at + 1, lineEnd);
  const next = lineEnd + 2;
  switch (type) {
    case '+': return { reply: line, end: next };
    case '-': return { reply: new RespError(line), end: next };
    case ':': return { reply: Number(line), end: next };
    case '$': {
      const length = Number(line);
      if (length < 0) return { reply: null, end: next };
      if (buffer.length < next + length + 2) return undefined;
      return { reply: buffer.toString('utf8', next, next + length), end: next + length + 2 };
    }
    case '*': {
      const count = Number(line);
      if (count < 0) return { reply: null, end: next };
      const items: Reply[] = [];
      let end = next;
      for (let i = 0; i < count; i++) {
        const item = parse(buffer, end);
        if (item === undefined) return undefined;
        items.push(item.reply);
        end = item.end;
      }
      return { reply: items, end };
    }
    default:
      throw new Error(`unexpected RESP type byte ${JSON.stringify(type)}`);
  }
}

/** `INFO` text → fields. */
export function parseInfo(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const line of text.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0 && !line.startsWith('#')) fields[line.slice(0, colon)] = line.slice(colon + 1);
  }
  return fields;
}

import * as net from 'node:net';
import * as tls from 'node:tls';
import { CacheStoreError, CacheTimeoutError } from '../errors';
import { Command, STORE } from './command';
import { ResolvedEndpoint, tlsConnectOptions, MemcachedTlsOptions } from './options';
import { NOOP, Payload, ReplyParser, ReplySink } from './protocol';

export interface ConnectionEvents {
  /** The no-op probe answered: the node is usable. Called at most once. */
  ready(connection: Connection): void;
  /** The connection failed or was lost; every command on it has been rejected. Called at most once. */
  failed(connection: Connection, cause: Error): void;
  /** The connection is gone (failed, or closed on purpose). Called once. */
  closed(connection: Connection): void;
}

export interface ConnectionSettings {
  readonly tls: MemcachedTlsOptions | undefined;
  readonly connectTimeoutMs: number;
  readonly commandTimeoutMs: number;
}

/**
 * One pipelined connection to one node. Commands are written in order and memcached answers in
 * order, so the replies are matched to a FIFO of commands (no opaque tokens needed).
 *
 * Writes issued in the same tick go out as one `write` (joined strings; corked when a value is a
 * Buffer): under load that turns 100 syscalls into one. A new connection first sends `mn` and
 * counts as ready only when it answers, so a node that accepts TCP but is hung (SIGSTOP, a full
 * accept queue) is not marked up. Commands issued while connecting wait in the FIFO and are
 * written right after the connect.
 */
export class Connection implements ReplySink {
  private readonly socket: net.Socket;
  private readonly parser = new ReplyParser(this);
  private queue: Array<Command | undefined> = [];
  private head = 0;
  private connected = false;
  private isReady = false;
  private draining = false;
  private gone = false;
  private out = '';
  private outParts: Array<string | Buffer> | undefined;
  private flushQueued = false;
  private connectTimer: NodeJS.Timeout | undefined;

  constructor(
    public readonly node: ResolvedEndpoint,
    private readonly settings: ConnectionSettings,
    private readonly events: ConnectionEvents,
    probeTick: number,
  ) {
    const onConnect = () => this.onConnect();
    this.socket = settings.tls === undefined
      ? net.connect({ host: node.address, port: node.port, noDelay: true }, onConnect)
      : tls.connect(tlsConnectOptions(settings.tls, node), onConnect);
    if (settings.tls !== undefined) this.socket.setNoDelay(true);
    this.socket.on('data', (chunk: Buffer) => this.parser.feed(chunk));
    this.socket.on('error', (err) => this.fail(err));
    this.socket.on('close', () => this.onClose());
    this.connectTimer = setTimeout(() => this.fail(new Error(`connect timed out after ${settings.connectTimeoutMs} ms`)),
      settings.connectTimeoutMs);
    this.connectTimer.unref();
    this.queue.push(new Command(NOOP, 'connect', node.id, node.id, 'mn\r\n', probeTick, () => this.onProbe(), () => undefined));
  }

  public get ready(): boolean {
    return this.isReady;
  }

  /** Commands waiting for a reply (or for the connect). */
  public get pending(): number {
    return this.queue.length - this.head;
  }

  /** Queues a command; written at once when connected (batched per tick), else after connecting. */
  public send(command: Command): void {
    if (this.gone) {
      command.reject(new CacheStoreError(STORE, command.op, command.key, new Error(`connection to ${this.node.id} is closed`)));
      return;
    }
    this.queue.push(command);
    if (this.connected) this.write(command.payload);
  }

  /**
   * Deadline check, called by the store's sweep timer: `cutoff` is the last tick whose commands
   * are overdue. On a ready connection, an overdue command means the node is stuck, and replies
   * behind it would arrive out of step with their commands: the connection is destroyed and
   * every command on it rejected. While connecting (or probing), overdue callers are rejected but
   * their slots stay (a written command still gets a reply; an unwritten one is dropped at the
   * connect): the connect has its own deadline. Returns true while commands remain.
   */
  public expire(cutoff: number): boolean {
    const queue = this.queue;
    if (this.isReady) {
      let i = this.head;
      while (i < queue.length && queue[i]!.expired) i++;
      const first = queue[i];
      if (first === undefined || first.tick > cutoff) return this.pending > 0;
      const timeoutMs = this.settings.commandTimeoutMs;
      first.expired = true;
      first.reject(new CacheTimeoutError(STORE, first.op, first.key, timeoutMs));
      this.fail(new Error(`connection to ${this.node.id} reset: a command had no reply after ${timeoutMs} ms`));
      return false;
    }
    for (let i = this.head; i < queue.length; i++) {
      const command = queue[i]!;
      if (command.tick > cutoff) break;
      if (command.expired || command.kind === NOOP) continue; // the probe: the connect deadline covers it
      command.expired = true;
      command.reject(new CacheTimeoutError(STORE, command.op, command.key, this.settings.commandTimeoutMs));
    }
    return true;
  }

  /** Ends the connection once every pending command has its reply (used for removed nodes). */
  public closeWhenIdle(): void {
    this.draining = true;
    if (this.pending === 0 && !this.gone) this.end();
  }

  /** Destroys the connection now, rejecting what is pending with `cause`. */
  public destroy(cause: Error): void {
    this.fail(cause);
  }

  // ---- ReplySink -----------------------------------------------------------------------

  public value(buf: Buffer, start: number, end: number, flags: number, cas: string | undefined): void {
    const command = this.next();
    if (command !== undefined) command.value(buf, start, end, flags, cas);
  }

  public status(code: number): void {
    const command = this.next();
    if (command !== undefined) command.status(code);
  }

  public error(line: string): void {
    const command = this.next();
    if (command !== undefined) command.error(line);
  }

  // ---- internals -----------------------------------------------------------------------

  private next(): Command | undefined {
    if (!this.connected || this.head >= this.queue.length) {
      this.fail(new Error('reply without a command: protocol out of sync'));
      return undefined;
    }
    const command = this.shift();
    if (this.draining && this.pending === 0) queueMicrotask(() => this.end());
    return command;
  }

  private shift(): Command {
    const command = this.queue[this.head]!;
    this.queue[this.head++] = undefined;
    if (this.head === this.queue.length) {
      this.queue.length = 0;
      this.head = 0;
    } else if (this.head >= 1024 && this.head * 2 >= this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    return command;
  }

  private onConnect(): void {
    if (this.gone) return;
    this.connected = true;
    // Callers that timed out while connecting are dropped unsent: they were told it failed.
    const queue = this.queue.slice(this.head).filter((command) => command !== undefined && !command.expired) as Command[];
    this.queue = queue;
    this.head = 0;
    for (const command of queue) this.write(command.payload);
  }

  private onProbe(): void {
    if (this.connectTimer !== undefined) clearTimeout(this.connectTimer);
    this.connectTimer = undefined;
    this.isReady = true;
    this.events.ready(this);
  }

  private write(payload: Payload): void {
    if (typeof payload === 'string') {
      this.out += payload;
    } else {
      for (const part of payload) {
        if (typeof part === 'string') {
          this.out += part;
        } else {
          (this.outParts ??= []).push(this.out, part);
          this.out = '';
        }
      }
    }
    if (!this.flushQueued) {
      this.flushQueued = true;
      // After the current macrotask's microtasks: every command issued in this turn joins.
      process.nextTick(flush, this);
    }
  }

  /** @internal */
  public flush(): void {
    this.flushQueued = false;
    if (this.gone) return;
    const parts = this.outParts;
    if (parts === undefined) {
      this.socket.write(this.out);
    } else {
      this.socket.cork();
      for (const part of parts) if (part.length > 0) this.socket.write(part);
      if (this.out.length > 0) this.socket.write(this.out);
      this.socket.uncork();
    }
    this.out = '';
    this.outParts = undefined;
  }

  private end(): void {
    if (this.gone) return;
    this.gone = true;
    this.clearConnectTimer();
    this.socket.destroySoon(); // FIN after the buffered writes, then close
  }

  private fail(cause: Error): void {
    if (this.gone) return;
    this.gone = true;
    this.clearConnectTimer();
    this.parser.stop();
    this.socket.destroy();
    const commands = this.queue;
    const head = this.head;
    this.queue = [];
    this.head = 0;
    for (let i = head; i < commands.length; i++) {
      const command = commands[i]!;
      if (command.kind !== NOOP && !command.expired) command.reject(new CacheStoreError(STORE, command.op, command.key, cause));
    }
    this.events.failed(this, cause);
  }

  private onClose(): void {
    if (!this.gone) this.fail(new Error(`connection to ${this.node.id} closed by the server`));
    this.parser.stop();
    this.events.closed(this);
  }

  private clearConnectTimer(): void {
    if (this.connectTimer !== undefined) clearTimeout(this.connectTimer);
    this.connectTimer = undefined;
  }
}

function flush(connection: Connection): void {
  connection.flush();
}

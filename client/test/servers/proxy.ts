import * as net from 'node:net';

interface Pair {
  readonly client: net.Socket;
  readonly upstream: net.Socket | undefined;
  silent: boolean;
}

/**
 * A loopback TCP proxy in front of a server, to make network faults that a killed process
 * cannot: `silenceExisting()` makes the open connections drop every byte without closing (a peer
 * that vanished without a reset: a failed host, a broken path), while new connections still get
 * through; `silenceAll()` makes new connections silent too, until `heal()`.
 */
export class TcpProxy {
  public static async start(target: { host: string; port: number }): Promise<TcpProxy> {
    const server = net.createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return new TcpProxy(server, (server.address() as net.AddressInfo).port, target);
  }

  public readonly host = '127.0.0.1';
  private readonly pairs = new Set<Pair>();
  private silentForNew = false;

  private constructor(private readonly server: net.Server, public readonly port: number, private readonly target: { host: string; port: number }) {
    server.on('connection', (client) => this.accept(client));
  }

  /** How many client connections are open through the proxy. */
  public get connections(): number {
    return this.pairs.size;
  }

  public silenceExisting(): void {
    for (const pair of this.pairs) pair.silent = true;
  }

  public silenceAll(): void {
    this.silenceExisting();
    this.silentForNew = true;
  }

  public heal(): void {
    this.silentForNew = false;
  }

  public async close(): Promise<void> {
    for (const pair of this.pairs) {
      pair.client.destroy();
      pair.upstream?.destroy();
    }
    this.pairs.clear();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private accept(client: net.Socket): void {
    client.on('error', () => undefined);
    if (this.silentForNew) {
      const pair: Pair = { client, upstream: undefined, silent: true };
      this.pairs.add(pair);
      client.on('close', () => this.pairs.delete(pair));
      return;
    }
    const upstream = net.connect(this.target.port, this.target.host);
    upstream.on('error', () => client.destroy());
    const pair: Pair = { client, upstream, silent: false };
    this.pairs.add(pair);
    client.on('data', (data) => {
      if (!pair.silent) upstream.write(data);
    });
    upstream.on('data', (data) => {
      if (!pair.silent) client.write(data);
    });
    const end = () => {
      if (pair.silent) return; // a vanished peer sends no FIN either
      this.pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', () => {
      this.pairs.delete(pair);
      upstream.destroy();
    });
    upstream.on('close', end);
  }
}

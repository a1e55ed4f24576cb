import * as net from 'node:net';

const handedOut = new Set<number>();

/**
 * A free loopback port. With `busPort`, `port + 10000` is free too (Redis Cluster's bus port),
 * so ports come from 20000–29999. Ports given out by this process are never given out again.
 */
export async function freePort(options: { busPort?: boolean } = {}): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = options.busPort ? 20_000 + Math.floor(Math.random() * 10_000) : await ephemeralPort();
    if (handedOut.has(port)) continue;
    if (!(await canBind(port))) continue;
    if (options.busPort && !(await canBind(port + 10_000))) continue;
    handedOut.add(port);
    return port;
  }
  throw new Error('no free loopback port found');
}

function ephemeralPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

function canBind(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { harnessRoot } from './processes';

const run = promisify(execFile);

/** A CA and a server certificate (for `localhost` and `127.0.0.1`) signed by it, made at test time. */
export interface TlsFiles {
  readonly dir: string;
  readonly caFile: string;
  readonly certFile: string;
  readonly keyFile: string;
  /** The CA certificate (PEM), for clients. */
  readonly ca: Buffer;
}

const made = new Map<string, Promise<TlsFiles>>();

/**
 * Makes (once per name and process) a throw-away CA and a server certificate with openssl, in
 * the harness's temp directory. Different names give unrelated CAs (for "wrong CA" tests).
 */
export function makeTlsFiles(name = 'default'): Promise<TlsFiles> {
  let files = made.get(name);
  if (files === undefined) {
    files = generate(name);
    made.set(name, files);
  }
  return files;
}

async function generate(name: string): Promise<TlsFiles> {
  const dir = join(harnessRoot(), `tls-${name}`);
  mkdirSync(dir, { recursive: true });
  const f = (file: string) => join(dir, file);
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  await run('openssl', ['req', '-x509', ...ec, '-keyout', f('ca.key'), '-out', f('ca.crt'), '-days', '2', '-subj', `/CN=cdk-elasticache test CA ${name}`]);
  await run('openssl', ['req', ...ec, '-keyout', f('server.key'), '-out', f('server.csr'), '-subj', '/CN=localhost']);
  writeFileSync(f('ext.cnf'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth,clientAuth\n');
  await run('openssl', ['x509', '-req', '-in', f('server.csr'), '-CA', f('ca.crt'), '-CAkey', f('ca.key'), '-CAcreateserial',
    '-out', f('server.crt'), '-days', '2', '-extfile', f('ext.cnf')]);
  return { dir, caFile: f('ca.crt'), certFile: f('server.crt'), keyFile: f('server.key'), ca: readFileSync(f('ca.crt')) };
}

/**
 * The one TLS options type, for Valkey / Redis and Memcached alike. `tls: true` uses the system's
 * trusted CAs and each node's host name for SNI.
 */
export interface CacheTlsOptions {
  /** Certificate authorities to trust (PEM), instead of the system's. @default - the system's trusted CAs */
  readonly ca?: string | Buffer | Array<string | Buffer>;
  /** Server name for SNI and certificate checks, for every node. @default - each node's host name */
  readonly servername?: string;
  /** Set false only for tests: accepts any certificate. @default true */
  readonly rejectUnauthorized?: boolean;
  /** Client certificate (PEM), for servers that check clients (`tls-auth-clients`, `ssl_ca_cert`). @default - none */
  readonly cert?: string | Buffer;
  /** The client certificate's private key (PEM). @default - none */
  readonly key?: string | Buffer;
}

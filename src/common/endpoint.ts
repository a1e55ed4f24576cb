import { Token } from 'aws-cdk-lib';

/**
 * Where clients connect: a host name and a port, kept together so no code assembles or parses
 * `host:port` strings. Both may be tokens (the attributes of a resource in this or another stack).
 */
export class CacheEndpoint {
  /** The host name (a DNS name ElastiCache gives the endpoint). */
  public readonly hostname: string;
  /** The port, as CloudFormation returns it (a string, or a token). */
  public readonly port: string;
  /** `hostname:port`, what the connection contract's `*_ENDPOINT` variables hold. */
  public readonly socketAddress: string;

  /**
   * @param hostname the endpoint's host name
   * @param port the endpoint's port: a number as a string, or a token
   */
  constructor(hostname: string, port: string) {
    this.hostname = hostname;
    this.port = port;
    this.socketAddress = `${hostname}:${port}`;
  }

  /** The port as a number (a number token when the port is a token), e.g. for `ec2.Port.tcp()`. */
  public get portNumber(): number {
    return Token.isUnresolved(this.port) ? Token.asNumber(this.port) : Number(this.port);
  }
}

/** A port given as a number (or a number token) in the string form CacheEndpoint keeps. */
export function portString(port: number): string {
  return Token.isUnresolved(port) ? Token.asString(port) : String(port);
}

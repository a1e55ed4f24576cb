import { createHash, createHmac } from 'node:crypto';
import type { AwsCredentials } from './credentials';

/**
 * AWS Signature Version 4, query-string ("presigned URL") form, with `host` as the only signed
 * header: all an ElastiCache IAM token needs. Written on node:crypto rather than
 * @smithy/signature-v4 so that IAM auth needs no AWS package beyond a credentials source (and none
 * at all when credentials are passed in): the SDK's signer moves between packages across releases
 * (@smithy/protocol-http was folded into @smithy/core), and strict installs (pnpm) would not let
 * this package reach a transitive dependency anyway. Checked against AWS's published signing
 * example and against @smithy/signature-v4 in client/test/aws/{sigv4,iam-auth}.test.ts.
 */

export const ALGORITHM = 'AWS4-HMAC-SHA256';
/** SHA-256 of the empty body: a presigned GET has no payload. */
const EMPTY_PAYLOAD_HASH = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

export interface PresignInput {
  readonly host: string;
  /** Query parameters of the request itself (the X-Amz-* ones are added). */
  readonly query: Readonly<Record<string, string>>;
  readonly service: string;
  readonly region: string;
  readonly credentials: AwsCredentials;
  readonly date: Date;
  readonly expiresInSeconds: number;
}

/** `host/?query&X-Amz-Signature=…`: a presigned `GET http://host/` without its scheme. */
export function presign(input: PresignInput): string {
  const { longDate, shortDate } = formatDate(input.date);
  const scope = `${shortDate}/${input.region}/${input.service}/aws4_request`;
  const query: Record<string, string> = {
    ...input.query,
    'X-Amz-Algorithm': ALGORITHM,
    'X-Amz-Credential': `${input.credentials.accessKeyId}/${scope}`,
    'X-Amz-Date': longDate,
    'X-Amz-Expires': String(input.expiresInSeconds),
    'X-Amz-SignedHeaders': 'host',
  };
  // The session token is part of what is signed (unlike S3's unsigned-payload variant).
  if (input.credentials.sessionToken) query['X-Amz-Security-Token'] = input.credentials.sessionToken;
  const canonicalQueryString = canonicalQuery(query);
  const request = canonicalRequest('GET', '/', canonicalQueryString, { host: input.host }, EMPTY_PAYLOAD_HASH);
  const key = signingKey(input.credentials.secretAccessKey, shortDate, input.region, input.service);
  const signature = hmac(key, stringToSign(longDate, scope, request)).toString('hex');
  return `${input.host}/?${canonicalQueryString}&X-Amz-Signature=${signature}`;
}

/** The canonical request: method, path, sorted query, signed headers (names lower-case), payload hash. */
export function canonicalRequest(
  method: string, path: string, query: string, headers: Readonly<Record<string, string>>, payloadHash: string,
): string {
  const names = Object.keys(headers).map((name) => name.toLowerCase()).sort();
  const byName = new Map(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
  const canonicalHeaders = names.map((name) => `${name}:${byName.get(name)!.trim().replace(/\s+/g, ' ')}\n`).join('');
  return [method, path, query, canonicalHeaders, names.join(';'), payloadHash].join('\n');
}

export function stringToSign(longDate: string, scope: string, canonical: string): string {
  return [ALGORITHM, longDate, scope, sha256Hex(canonical)].join('\n');
}

/** kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request"). */
export function signingKey(secretAccessKey: string, shortDate: string, region: string, service: string): Buffer {
  const kDate = hmac(`AWS4${secretAccessKey}`, shortDate);
  return hmac(hmac(hmac(kDate, region), service), 'aws4_request');
}

/** Parameters sorted by encoded name (then value), names and values URI-encoded per RFC 3986. */
export function canonicalQuery(query: Readonly<Record<string, string>>): string {
  return Object.entries(query)
    .map(([name, value]) => [uriEncode(name), uriEncode(value)])
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
}

/** RFC 3986 encoding: encodeURIComponent leaves `!'()*` alone, SigV4 does not. */
export function uriEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function formatDate(date: Date): { longDate: string; shortDate: string } {
  const longDate = date.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
  return { longDate, shortDate: longDate.slice(0, 8) };
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

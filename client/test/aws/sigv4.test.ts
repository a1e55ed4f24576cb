import { createHmac } from 'node:crypto';
import { canonicalQuery, canonicalRequest, formatDate, sha256Hex, signingKey, stringToSign, uriEncode } from '../../src/aws/sigv4';

// AWS's published Signature Version 4 examples (General Reference, "Examples of how to derive a
// signing key" and the IAM ListUsers walk-through, tasks 1-3), secret key of the docs' example.
const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';

describe('SigV4 building blocks against AWS examples', () => {
  test('signing key derivation (20120215 / us-east-1 / iam)', () => {
    expect(signingKey(SECRET, '20120215', 'us-east-1', 'iam').toString('hex'))
      .toBe('f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d');
  });

  test('canonical request, string to sign and signature of the IAM ListUsers example', () => {
    const request = canonicalRequest('GET', '/', canonicalQuery({ Version: '2010-05-08', Action: 'ListUsers' }), {
      'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8',
      'Host': 'iam.amazonaws.com',
      'X-Amz-Date': '20150830T123600Z',
    }, sha256Hex(''));
    expect(request).toBe([
      'GET',
      '/',
      'Action=ListUsers&Version=2010-05-08',
      'content-type:application/x-www-form-urlencoded; charset=utf-8',
      'host:iam.amazonaws.com',
      'x-amz-date:20150830T123600Z',
      '',
      'content-type;host;x-amz-date',
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    ].join('\n'));
    expect(sha256Hex(request)).toBe('f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59');
    const toSign = stringToSign('20150830T123600Z', '20150830/us-east-1/iam/aws4_request', request);
    const signature = createHmac('sha256', signingKey(SECRET, '20150830', 'us-east-1', 'iam')).update(toSign).digest('hex');
    expect(signature).toBe('5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7');
  });

  test('RFC 3986 encoding and parameter order', () => {
    expect(uriEncode("a b/c=d&e!'()*~._-")).toBe('a%20b%2Fc%3Dd%26e%21%27%28%29%2A~._-');
    expect(canonicalQuery({ b: '2', a: 'x y', B: '1' })).toBe('B=1&a=x%20y&b=2'); // byte order: upper case first
  });

  test('dates', () => {
    expect(formatDate(new Date('2015-08-30T12:36:00.123Z'))).toEqual({ longDate: '20150830T123600Z', shortDate: '20150830' });
  });
});

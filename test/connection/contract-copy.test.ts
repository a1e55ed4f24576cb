import { readFileSync } from 'fs';
import * as client from '../../client/src/contract';
import * as constructs from '../../src/connection/contract';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { COPY, expectedCopy } = require('../../scripts/copy-contract.js');

// The connection contract has one source (src/connection/contract.ts); the client package holds a
// generated copy. Both packages must read and write the same variable names and auth modes.
test('the client package\'s copy of the contract is current', () => {
  expect(readFileSync(COPY, 'utf8')).toBe(expectedCopy());
});

test('both packages agree on every name', () => {
  expect(client.CacheConnectionEnv.ALL).toEqual(constructs.CacheConnectionEnv.ALL);
  for (const name of Object.getOwnPropertyNames(constructs.CacheConnectionEnv)) {
    const value = (constructs.CacheConnectionEnv as unknown as Record<string, unknown>)[name];
    if (typeof value === 'string') expect([name, (client.CacheConnectionEnv as unknown as Record<string, unknown>)[name]]).toEqual([name, value]);
  }
  expect({ ...client.CacheAuthMode }).toEqual({ ...constructs.CacheAuthMode });
  expect(client.CacheConnectionEnv.withPrefix('CACHE_ENDPOINT', 'orders')).toBe(constructs.CacheConnectionEnv.withPrefix('CACHE_ENDPOINT', 'orders'));
});

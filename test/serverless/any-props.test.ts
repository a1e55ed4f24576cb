import { Duration, Errors, RemovalPolicy, Size } from 'aws-cdk-lib';
import * as fc from 'fast-check';
import { CacheAuthentication, CacheNetworkType, ServerlessCache, ServerlessCacheEngine, ServerlessConnectionType } from '../../src';
import { RuleFailure } from '../../src/common/validation';
import { newStack } from '../helpers';

// Random prop sets, as they could come from JavaScript or JSON config: each either builds, or throws
// one ValidationError whose failures each name a property of the set (never a TypeError).
const junk = fc.oneof(fc.constant(null), fc.constant(Number.NaN), fc.constant(-1), fc.constant(''), fc.string({ maxLength: 6 }),
  fc.boolean(), fc.constant([]), fc.constant({}));
// Mostly left out, mostly valid when given, sometimes junk: both outcomes must be common.
const maybe = <T>(valid: fc.Arbitrary<T>) => fc.oneof({ weight: 6, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: fc.oneof({ weight: 30, arbitrary: valid }, { weight: 1, arbitrary: junk }) });

const props = fc.record({
  cacheName: maybe(fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9-]{0,44}$/)),
  description: maybe(fc.string({ maxLength: 300 })),
  engine: maybe(fc.constantFrom(ServerlessCacheEngine.VALKEY_9, ServerlessCacheEngine.VALKEY_7, ServerlessCacheEngine.REDIS_7,
    ServerlessCacheEngine.MEMCACHED_1_6)),
  usageLimits: maybe(fc.record({
    dataStorageMax: fc.option(fc.integer({ min: 0, max: 6000 }).map((n) => Size.gibibytes(n)), { nil: undefined }),
    ecpuPerSecondMax: fc.option(fc.integer({ min: -1, max: 20_000_000 }), { nil: undefined }),
  }, { requiredKeys: [] })),
  authentication: maybe(fc.constantFrom(CacheAuthentication.iam(), CacheAuthentication.none(), CacheAuthentication.authToken(),
    CacheAuthentication.rbac({ users: [{ userName: 'app' }, { userName: 'ops' }] }))),
  snapshotRetention: maybe(fc.integer({ min: -1, max: 40 }).map((d) => Duration.days(Math.max(d, 0)))),
  dailySnapshotTime: maybe(fc.constantFrom('04:00', '23:59', '24:00', '4:00')),
  restoreFrom: maybe(fc.constantFrom(['arn:aws:elasticache:us-east-1:123456789012:serverlesscachesnapshot:s'], [], ['arn:aws:s3:::b/k'])),
  removalPolicy: maybe(fc.constantFrom(RemovalPolicy.DESTROY, RemovalPolicy.RETAIN, RemovalPolicy.SNAPSHOT)),
  finalSnapshotName: maybe(fc.constantFrom('last', 'f'.repeat(256))),
  networkType: maybe(fc.constantFrom(CacheNetworkType.IPV4, CacheNetworkType.DUAL_STACK)),
  connectionType: maybe(fc.constantFrom(ServerlessConnectionType.VPC, ServerlessConnectionType.PUBLIC)),
  transitEncryption: maybe(fc.boolean()),
  nodeType: fc.option(fc.constant('cache.r7g.large'), { nil: undefined, freq: 8 }),
}, { requiredKeys: [] });

test('any props: a cache, or one ValidationError naming only given properties', () => {
  let built = 0;
  let refused = 0;
  fc.assert(fc.property(props, (given) => {
    const { stack, vpc } = newStack();
    const defined = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined));
    try {
      new ServerlessCache(stack, 'Cache', { vpc, ...defined } as any);
      built++;
    } catch (e) {
      if (!Errors.isValidationError(e)) throw e;
      refused++;
      for (const f of (e as unknown as { failures: RuleFailure[] }).failures) {
        const root = f.property.split(/[.[]/)[0];
        // removalPolicy's default (SNAPSHOT) is what finalSnapshotName is checked against.
        expect(Object.keys(defined)).toContain(root);
      }
    }
  }), { numRuns: 80 });
  expect(built).toBeGreaterThan(5);
  expect(refused).toBeGreaterThan(5);
});

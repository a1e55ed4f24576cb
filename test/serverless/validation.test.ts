import { Duration, Lazy, RemovalPolicy, Size } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import {
  CacheAuthentication, CacheNetworkType, CacheUser, CacheUserAuthType, CacheUserEngine, CacheUserGroup, ServerlessCache, ServerlessCacheEngine,
  ServerlessCacheProps, ServerlessConnectionType,
} from '../../src';
import { newStack } from '../helpers';

type Props = Omit<ServerlessCacheProps, 'vpc'>;

function build(props: Props | ((stack: ReturnType<typeof newStack>) => Props), vpcProps?: ec2.VpcProps) {
  const env = newStack(vpcProps);
  const given = typeof props === 'function' ? props(env) : props;
  return new ServerlessCache(env.stack, 'Cache', { vpc: env.vpc, ...given });
}

function dualStackVpc(): ec2.VpcProps {
  return { ipProtocol: ec2.IpProtocol.DUAL_STACK, subnetConfiguration: [{ name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] };
}
const dualStack = dualStackVpc();

/** Makes the VPC's isolated subnets IPv6-only, as an escape hatch would (ec2.Subnet has no prop for it). */
function ipv6Only(vpc: ec2.Vpc): void {
  for (const subnet of vpc.isolatedSubnets) {
    const cfn = subnet.node.defaultChild as ec2.CfnSubnet;
    cfn.ipv6Native = true;
    cfn.cidrBlock = undefined;
  }
}

// The rule table: every rule with one failing input; the property, the value and the rule must be in the message.
const invalid: Array<[string, Props | ((s: ReturnType<typeof newStack>) => Props), RegExp, ec2.VpcProps?]> = [
  ['S-1 name over 40', { cacheName: 'a'.repeat(41) }, /cacheName: 'a{41}' is invalid: the name is 1 to 40 characters/],
  ['S-4 description over 255', { description: 'd'.repeat(256) }, /description: .* at most 255 characters/],
  ['S-5/S-6 Valkey 6', () => ({ engine: ServerlessCacheEngine.valkey(6) }), /engine: 'valkey 6' is invalid: ElastiCache Serverless offers valkey 7, 8, 9/],
  ['S-6 Redis OSS 6', () => ({ engine: ServerlessCacheEngine.redis(6) }), /engine: 'redis 6' .*offers redis 7/],
  ['S-7 a decimal major version', () => ({ engine: ServerlessCacheEngine.valkey(8.0 + 0.1) }), /engine: 'valkey 8.1' .*whole major version/],
  ['S-6 Memcached 1.5', () => ({ engine: ServerlessCacheEngine.memcached('1.5') }), /engine: 'memcached 1.5' .*offers memcached 1.6/],
  ['U-1/U-2 storage not whole GB', { usageLimits: { dataStorageMax: Size.mebibytes(1536) } }, /usageLimits.dataStorageMax: '1536 MiB' .*whole number of GB/],
  ['U-2 ECPU not whole', { usageLimits: { ecpuPerSecondMax: 1500.5 } }, /usageLimits.ecpuPerSecondMax: 1500.5 .*whole number of at least 1/],
  ['U-5 zero is no limit', { usageLimits: { ecpuPerSecondMin: 0 } }, /usageLimits.ecpuPerSecondMin: 0 .*leave it out for no limit/],
  ['U-4 storage min > max', { usageLimits: { dataStorageMin: Size.gibibytes(20), dataStorageMax: Size.gibibytes(10) } },
    /usageLimits.dataStorageMin: 20 .*at most the maximum \(dataStorageMax: 10 GB\)/],
  ['U-4 ECPU min > max', { usageLimits: { ecpuPerSecondMin: 5000, ecpuPerSecondMax: 2000 } }, /usageLimits.ecpuPerSecondMin: 5000 .*at most the maximum/],
  ['N-1 a subnet of another VPC', ({ stack }) => {
    const other = new ec2.Vpc(stack, 'Other', { natGateways: 0, subnetConfiguration: [{ name: 'iso', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
    return { vpcSubnets: { subnets: other.isolatedSubnets } };
  }, /vpcSubnets: \["Test\/Other\/.*must all belong to the cache's VPC 'Test\/Vpc'/],
  ['N-4 IPv4 on IPv6-only subnets', ({ vpc }) => {
    ipv6Only(vpc);
    return { networkType: CacheNetworkType.IPV4 };
  }, /networkType: 'ipv4' .*needs an IPv4 CIDR/, dualStackVpc()],
  ['N-5 IPv6 on dual-stack subnets', { networkType: CacheNetworkType.IPV6 }, /networkType: 'ipv6' .*IPv6-only subnets .*serverless-network-type/, dualStack],
  ['N-6 dual stack on IPv4 subnets', { networkType: CacheNetworkType.DUAL_STACK }, /networkType: 'dual_stack' .*both an IPv4 and an IPv6 CIDR/],
  ['P-1 public endpoint on Valkey 8', () => ({ engine: ServerlessCacheEngine.VALKEY_8, connectionType: ServerlessConnectionType.PUBLIC }),
    /connectionType: 'public' .*needs Valkey 9 or later, not valkey 8/],
  ['P-2 public endpoint with a password user', { connectionType: ServerlessConnectionType.PUBLIC },
    /connectionType: 'public' .*public endpoint needs a user group whose users all use IAM/],
  ['P-2 public endpoint with IAM users beside the group\'s switched-off password default', () => ({
    connectionType: ServerlessConnectionType.PUBLIC, authentication: CacheAuthentication.iam(),
  }), /authentication: 'iam' .*all use IAM/],
  ['A-1 TLS off', { transitEncryption: false } as Props, /transitEncryption: false .*TLS is always on for serverless caches/],
  ['A-2 no encryption at rest', { atRestEncryption: false } as Props, /atRestEncryption: false .*always encrypt data at rest/],
  ['A-3 an AUTH token', () => ({ authentication: CacheAuthentication.authToken() }), /authentication: 'authToken' .*take no AUTH token/],
  ['A-4 users on Memcached', () => ({ engine: ServerlessCacheEngine.MEMCACHED_1_6, authentication: CacheAuthentication.iam() }),
    /authentication: 'iam' .*user groups are for Valkey and Redis OSS only/],
  ['A-7 a Valkey group on Redis OSS', ({ stack }) => ({
    engine: ServerlessCacheEngine.REDIS_7,
    authentication: CacheAuthentication.userGroup(new CacheUserGroup(stack, 'Group', {
      engine: CacheUserEngine.VALKEY, users: [new CacheUser(stack, 'App', { userName: 'app' })],
    })),
  }), /authentication: 'Test\/Group' .*Redis OSS serverless cache takes a Redis OSS user group/],
  ['RBAC without users', () => ({ authentication: CacheAuthentication.rbac({ users: [] }) }), /authentication.users: \[\] .*at least one user/],
  ['B-1 retention 36 days', { snapshotRetention: Duration.days(36) }, /snapshotRetention: '36 days' .*0 to 35/],
  ['B-1 retention in hours', { snapshotRetention: Duration.hours(36) }, /snapshotRetention: '1.5 days' .*whole number of days/],
  ['B-6 daily snapshot time', { dailySnapshotTime: '4:00' }, /dailySnapshotTime: '4:00' .*hh:mm in UTC/],
  ['B-6 daily snapshot time 24:00', { dailySnapshotTime: '24:00' }, /dailySnapshotTime: '24:00' .*00:00 to 23:59/],
  ['B-4 final snapshot name over 255', { finalSnapshotName: 'f'.repeat(256) }, /finalSnapshotName: 'f+…' .*1 to 255 characters/],
  ['B-3 final snapshot name without SNAPSHOT', { finalSnapshotName: 'last', removalPolicy: RemovalPolicy.DESTROY },
    /finalSnapshotName: 'last' .*removalPolicy SNAPSHOT only, not destroy/],
  ['B-5 restore from nothing', { restoreFrom: [] }, /restoreFrom: \[\] .*at least one snapshot ARN/],
  ['B-5 restore from a bucket ARN', { restoreFrom: ['arn:aws:s3:::dumps/orders.rdb'] }, /restoreFrom: 'arn:aws:s3:::dumps\/orders.rdb' .*serverlesscachesnapshot/],
  ['X-1 log delivery', { logDelivery: {} } as Props, /logDelivery: \{\} .*log delivery is not supported for serverless caches/],
  ['X-2 durability', { durability: 'sync' } as Props, /durability: 'sync' .*durability is not supported with ElastiCache Serverless/],
  ['X-3 data tiering', { dataTiering: true } as Props, /dataTiering: true .*data tiering is not supported/],
  ['X-4 a node type', { nodeType: 'cache.r7g.large' } as Props, /nodeType: 'cache.r7g.large' .*have no nodes: set usageLimits instead/],
  ['X-4 a port', { port: 6380 } as Props, /port: 6380 .*ports are not configurable/],
  ['X-4 a maintenance window', { maintenanceWindow: 'sun:05:00-sun:06:00' } as Props, /maintenanceWindow: .*without a maintenance window/],
  ['X-4 a backup window', { backupWindow: '03:00-04:00' } as Props, /backupWindow: '03:00-04:00' .*dailySnapshotTime/],
  ['X-4 a subnet group', ({ stack, vpc }) => ({ subnetGroup: new ec2.SecurityGroup(stack, 'X', { vpc }) } as Props), /subnetGroup: .*take subnets directly/],
  ['events to SNS', ({ stack, vpc }) => ({ notificationTopic: new ec2.SecurityGroup(stack, 'T', { vpc }) } as Props), /notificationTopic: .*EventBridge/],
];

describe('the rule table: every rule fails at synth time, naming the property, the value and the rule', () => {
  // A rest parameter: jest takes a callback with more parameters than the row has for a `done` callback.
  test.each(invalid)('%s', (_name, props, message, ...vpcProps) => {
    expect(() => build(props, vpcProps[0])).toThrow(message);
  });

  test('every error names its source document', () => {
    for (const [, props, , vpcProps] of invalid) {
      expect(() => build(props, vpcProps)).toThrow(/\. See https:\/\/(docs\.aws\.amazon\.com|github\.com)\//);
    }
  });

  test('all failures of one synth come in one error', () => {
    expect(() => build({ cacheName: 'a'.repeat(41), dailySnapshotTime: 'noon', snapshotRetention: Duration.days(40) }))
      .toThrow(/3 problems:\n {2}- cacheName.*\n {2}- snapshotRetention.*\n {2}- dailySnapshotTime/);
  });
});

describe('rules no AWS page states are warnings, with the second-hand source', () => {
  const warnings = (props: Props) => {
    const cache = build(props);
    return Annotations.fromStack(cache.stack).findWarning('*', Match.anyValue()).map((w) => String(w.entry.data));
  };

  test.each<[string, Props, RegExp]>([
    ['U-3 data storage above 5,000 GB', { usageLimits: { dataStorageMax: Size.gibibytes(6000) } }, /dataStorage 6000 GB is outside 1-5000 GB.*aws-elasticache-alpha/],
    ['U-3 ECPU below 1,000', { usageLimits: { ecpuPerSecondMin: 500 } }, /ecpuPerSecond 500 ECPU\/s is outside 1000-15000000/],
    ['S-3 name characters', { cacheName: 'my--cache' }, /cacheName 'my--cache': the id cannot contain two consecutive hyphens \(the rule of other ElastiCache ids/],
    ['B-4 final snapshot name characters', { finalSnapshotName: '1-last-' }, /finalSnapshotName '1-last-' .*aws-elasticache-alpha/],
  ])('%s', (_name, props, message) => {
    expect(warnings(props)).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
  });

  test('N-2 subnets in one zone', () => {
    const cache = build(({ vpc }) => ({ vpcSubnets: { subnets: [vpc.isolatedSubnets[0]] } }));
    expect(Annotations.fromStack(cache.stack).findWarning('*', Match.anyValue()).map((w) => String(w.entry.data)))
      .toEqual(expect.arrayContaining([expect.stringMatching(/1 Availability Zone.*at least 2 zones.*agent-toolkit/)]));
  });
});

describe('valid edge cases pass', () => {
  test.each<[string, Props | ((s: ReturnType<typeof newStack>) => Props), ec2.VpcProps?]>([
    ['a 40-character name', { cacheName: 'a'.repeat(40) }],
    ['limits at their documented-by-the-alpha edges', { usageLimits: { dataStorageMin: Size.gibibytes(1), dataStorageMax: Size.gibibytes(5000), ecpuPerSecondMin: 1000, ecpuPerSecondMax: 15_000_000 } }],
    ['min equal to max', { usageLimits: { dataStorageMin: Size.gibibytes(10), dataStorageMax: Size.gibibytes(10) } }],
    ['no snapshots', { snapshotRetention: Duration.days(0) }],
    ['35 days', { snapshotRetention: Duration.days(35) }],
    ['midnight and 23:59', { dailySnapshotTime: '23:59' }],
    ['transitEncryption true is what it is', { transitEncryption: true } as Props],
    ['Redis OSS 7', () => ({ engine: ServerlessCacheEngine.REDIS_7 })],
    ['Valkey 7 with IAM', () => ({ engine: ServerlessCacheEngine.VALKEY_7, authentication: CacheAuthentication.iam() })],
    ['Memcached', () => ({ engine: ServerlessCacheEngine.memcached() })],
    ['no authentication, chosen explicitly', () => ({ authentication: CacheAuthentication.none() })],
    ['dual stack in a dual-stack VPC', { networkType: CacheNetworkType.DUAL_STACK }, dualStack],
    ['restore from a serverless snapshot and a node-based backup', {
      restoreFrom: ['arn:aws:elasticache:us-east-1:123456789012:serverlesscachesnapshot:nightly', 'arn:aws:elasticache:us-east-1:123456789012:snapshot:rg-backup'],
    }],
    ['public endpoint on Valkey 9 with an all-IAM group', ({ stack }) => ({
      connectionType: ServerlessConnectionType.PUBLIC,
      authentication: CacheAuthentication.userGroup(CacheUserGroup.fromUserGroupAttributes(stack, 'IamGroup', {
        userGroupId: 'default.iam-user-group',
        users: [CacheUser.fromUserAttributes(stack, 'IamUser', { userId: 'default.iam-user', authType: CacheUserAuthType.IAM })],
      })),
    })],
  ])('%s', (_name, props, ...vpcProps) => {
    expect(() => build(props, vpcProps[0])).not.toThrow();
  });

  test('unresolved tokens are skipped, not guessed', () => {
    // A token name with the default users would make a token user id (`<name>-app`): no users here.
    expect(() => build({
      authentication: CacheAuthentication.none(),
      cacheName: Lazy.string({ produce: () => 'x--' }),
      dailySnapshotTime: Lazy.string({ produce: () => '99:99' }),
      usageLimits: { ecpuPerSecondMax: Lazy.number({ produce: () => 0 }) },
    })).not.toThrow();
  });
});

import { Duration, Lazy, Stack, ValidationError } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as fc from 'fast-check';
import { CacheAlarmScope, CacheEngine, ClusterMode, ReplicationGroup, ReplicationGroupProps } from '../../src';
import { CacheValidationError } from '../../src/common/validation';
import { newStack } from '../helpers';
import { NAG_PACKS, nagFindings } from '../nag';

type GroupProps = Omit<ReplicationGroupProps, 'vpc'>;

const SUPPORTED: GroupProps = { nodeType: 'cache.r7g.large' };

function build(props: GroupProps = SUPPORTED) {
  const { stack, vpc } = newStack();
  const cache = new ReplicationGroup(stack, 'Cache', { vpc, ...props });
  return { stack, cache };
}

function warnings(stack: Stack, id: string): unknown[] {
  return Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp(id));
}

describe('the synthesized template', () => {
  test('shards: a scalable target on the group, the service-linked role, a CPU and a memory policy', () => {
    const { stack, cache } = build({ ...SUPPORTED, shards: 2 });
    const shards = cache.autoScaleShards({ minCapacity: 2, maxCapacity: 6 });
    shards.scaleOnCpuUtilization({ targetUtilizationPercent: 60 });
    shards.scaleOnMemoryUtilization({ targetUtilizationPercent: 65, disableScaleIn: true });
    const t = Template.fromStack(stack);
    const groupId = stack.getLogicalId(cache.resource);
    t.hasResource('AWS::ApplicationAutoScaling::ScalableTarget', {
      Properties: {
        ServiceNamespace: 'elasticache',
        ScalableDimension: 'elasticache:replication-group:NodeGroups',
        ResourceId: { 'Fn::Join': ['', ['replication-group/', { Ref: groupId }]] },
        MinCapacity: 2,
        MaxCapacity: 6,
        RoleARN: {
          'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, Match.stringLikeRegexp(
            ':iam::123456789012:role/aws-service-role/elasticache.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_ElastiCacheRG$')]],
        },
      },
      DependsOn: Match.arrayWith([groupId]),
    });
    t.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      PolicyType: 'TargetTrackingScaling',
      TargetTrackingScalingPolicyConfiguration: {
        PredefinedMetricSpecification: { PredefinedMetricType: 'ElastiCachePrimaryEngineCPUUtilization' }, TargetValue: 60,
      },
    });
    t.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      TargetTrackingScalingPolicyConfiguration: {
        PredefinedMetricSpecification: { PredefinedMetricType: 'ElastiCacheDatabaseMemoryUsageCountedForEvictPercentage' },
        TargetValue: 65,
        DisableScaleIn: true,
      },
    });
    // The service-linked role: no IAM role made for scaling.
    const roles = Object.keys(t.findResources('AWS::IAM::Role'));
    expect(roles.filter((id) => id.includes('Scaling'))).toEqual([]);
  });

  test('replicas: the Replicas dimension, the replica CPU metric with cooldowns, and a scheduled action', () => {
    const { stack, cache } = build({ ...SUPPORTED, replicasPerShard: 1 });
    const replicas = cache.autoScaleReplicas({ minCapacity: 1, maxCapacity: 3 });
    replicas.scaleOnCpuUtilization({ targetUtilizationPercent: 50 });
    replicas.scaleOnSchedule('Evening', { schedule: appscaling.Schedule.cron({ hour: '18', minute: '0' }), minCapacity: 2 });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      ScalableDimension: 'elasticache:replication-group:Replicas',
      MinCapacity: 1,
      MaxCapacity: 3,
      ScheduledActions: [{ ScheduledActionName: 'Evening', Schedule: 'cron(0 18 * * ? *)', ScalableTargetAction: { MinCapacity: 2 } }],
    });
    t.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      TargetTrackingScalingPolicyConfiguration: {
        PredefinedMetricSpecification: { PredefinedMetricType: 'ElastiCacheReplicaEngineCPUUtilization' }, TargetValue: 50,
      },
    });
  });

  test('cooldowns are written in seconds', () => {
    const { stack, cache } = build();
    cache.autoScaleShards({ maxCapacity: 3 }).scaleOnCpuUtilization({
      targetUtilizationPercent: 60, scaleInCooldown: Duration.minutes(10), scaleOutCooldown: Duration.minutes(2),
    });
    Template.fromStack(stack).hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      TargetTrackingScalingPolicyConfiguration: { ScaleInCooldown: 600, ScaleOutCooldown: 120 },
    });
  });

  test('data tiering (r6gd): the memory policy uses the capacity metric, which counts memory and SSD', () => {
    const { stack, cache } = build({ nodeType: 'cache.r6gd.xlarge' });
    cache.autoScaleShards({ maxCapacity: 4 }).scaleOnMemoryUtilization({ targetUtilizationPercent: 60 });
    Template.fromStack(stack).hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      TargetTrackingScalingPolicyConfiguration: {
        PredefinedMetricSpecification: { PredefinedMetricType: 'ElastiCacheDatabaseCapacityUsageCountedForEvictPercentage' },
      },
    });
  });

  test('both dimensions on one group, and two groups in one stack, share one imported service-linked role', () => {
    const { stack, cache } = build();
    const other = new ReplicationGroup(stack, 'Other', { vpc: stack.node.findChild('Vpc') as never, ...SUPPORTED });
    cache.autoScaleShards({ maxCapacity: 4 });
    cache.autoScaleReplicas({ maxCapacity: 2 });
    other.autoScaleShards({ maxCapacity: 2 });
    Template.fromStack(stack).resourceCountIs('AWS::ApplicationAutoScaling::ScalableTarget', 3);
  });

  test('autoScaling tells other code what scaling owns', () => {
    const { cache } = build();
    expect(cache.autoScaling).toEqual({});
    const shards = cache.autoScaleShards({ minCapacity: 1, maxCapacity: 4 });
    expect(cache.autoScaling.shards).toBe(shards);
    expect(cache.autoScaling.replicas).toBeUndefined();
    expect([shards.minCapacity, shards.maxCapacity]).toEqual([1, 4]);
  });

  test('no step scaling: the scalable targets offer target tracking and schedules only', () => {
    const { cache } = build();
    const shards = cache.autoScaleShards({ maxCapacity: 4 }) as unknown as Record<string, unknown>;
    expect(shards.scaleOnMetric).toBeUndefined();
    expect(shards.scaleToTrackMetric).toBeUndefined();
  });
});

type Act = (cache: ReplicationGroup) => void;

function thrown(act: () => unknown): CacheValidationError {
  try {
    act();
  } catch (e) {
    return e as CacheValidationError;
  }
  throw new Error('nothing thrown');
}
const cpu = (target: number): Act => (c) => c.autoScaleShards({ maxCapacity: 4 }).scaleOnCpuUtilization({ targetUtilizationPercent: target });
const daily = appscaling.Schedule.cron({ hour: '8', minute: '0' });

// Each case: the group, what is called, and the property, value and rule the message must name.
const invalid: Array<[string, GroupProps, Act, RegExp]> = [
  ['cluster mode disabled', { ...SUPPORTED, clusterMode: ClusterMode.DISABLED }, (c) => c.autoScaleReplicas({ maxCapacity: 3 }),
    /clusterMode: 'not enabled' is invalid: auto scaling needs cluster mode enabled/],
  ['compatible cluster mode', { ...SUPPORTED, clusterMode: ClusterMode.COMPATIBLE }, (c) => c.autoScaleReplicas({ maxCapacity: 3 }),
    /clusterMode: 'not enabled' .*cluster mode enabled/],
  ['a node family without auto scaling', {}, (c) => c.autoScaleShards({ maxCapacity: 2 }),
    /nodeType: 'cache.t4g.micro' .*R7g, R6g, R6gd, R5, M7g, M6g, M5 or C7gn families, not t4g/],
  ['a node size without auto scaling', { nodeType: 'cache.r7g.4xlarge' }, (c) => c.autoScaleShards({ maxCapacity: 2 }),
    /nodeType: 'cache.r7g.4xlarge' .*large, xlarge or 2xlarge node, not 4xlarge/],
  ['Redis OSS 6.2 with data tiering', { nodeType: 'cache.r6gd.xlarge', engine: CacheEngine.REDIS_6_2 }, (c) => c.autoScaleShards({ maxCapacity: 2 }),
    /engine: 'redis 6.2' .*Redis OSS 7.0.7 \(data tiering\) or later/],
  ['a Global Datastore member', SUPPORTED, (c) => { c.resource.globalReplicationGroupId = 'ldgnf-global'; c.autoScaleShards({ maxCapacity: 2 }); },
    /globalReplicationGroupId: 'ldgnf-global' .*not supported for a group in a Global Datastore/],
  ['shards twice', SUPPORTED, (c) => { c.autoScaleShards({ maxCapacity: 2 }); c.autoScaleShards({ maxCapacity: 3 }); },
    /autoScaleShards: 'called twice' .*already auto scaled: one scalable target per dimension/],
  ['replicas twice', SUPPORTED, (c) => { c.autoScaleReplicas({ maxCapacity: 2 }); c.autoScaleReplicas({ maxCapacity: 3 }); },
    /autoScaleReplicas: 'called twice' .*replicas are already auto scaled/],
  ['min above max', { ...SUPPORTED, shards: 2 }, (c) => c.autoScaleShards({ minCapacity: 4, maxCapacity: 2 }),
    /autoScaleShards.minCapacity: 4 .*at most the maximum \(maxCapacity: 2\)/],
  ['0 shards', SUPPORTED, (c) => c.autoScaleShards({ minCapacity: 0, maxCapacity: 2 }), /autoScaleShards.minCapacity: 0 .*1 to 500 shards/],
  ['501 shards', SUPPORTED, (c) => c.autoScaleShards({ maxCapacity: 501 }), /autoScaleShards.maxCapacity: 501 .*1 to 500 shards, a whole number/],
  ['fractional shards', SUPPORTED, (c) => c.autoScaleShards({ maxCapacity: 2.5 }), /autoScaleShards.maxCapacity: 2.5 .*whole number/],
  ['a string from JavaScript', SUPPORTED, (c) => c.autoScaleShards({ maxCapacity: '4' as never }), /autoScaleShards.maxCapacity: '4' .*whole number/],
  ['no maxCapacity from JavaScript', SUPPORTED, (c) => c.autoScaleShards({} as never), /autoScaleShards.maxCapacity: undefined .*required/],
  ['6 replicas', SUPPORTED, (c) => c.autoScaleReplicas({ maxCapacity: 6 }), /autoScaleReplicas.maxCapacity: 6 .*0 to 5 read replicas/],
  ['-1 replicas', { ...SUPPORTED, replicasPerShard: 0 }, (c) => c.autoScaleReplicas({ minCapacity: -1, maxCapacity: 2 }),
    /autoScaleReplicas.minCapacity: -1 .*0 to 5 read replicas/],
  ['shards above the bounds', { ...SUPPORTED, shards: 5 }, (c) => c.autoScaleShards({ minCapacity: 1, maxCapacity: 4 }),
    /shards: 5 .*inside the auto scaling bounds \[1, 4\]/],
  ['replicas below the bounds', SUPPORTED, (c) => c.autoScaleReplicas({ minCapacity: 2, maxCapacity: 4 }),
    /replicasPerShard: 1 .*inside the auto scaling bounds \[2, 4\]/],
  ['more than 500 nodes', SUPPORTED, (c) => c.autoScaleShards({ maxCapacity: 300 }),
    /autoScaleShards.maxCapacity: 300 .*300 shards of 2 nodes \(600\) exceed the 500 nodes/],
  ['more than 500 nodes across both dimensions', SUPPORTED, (c) => { c.autoScaleShards({ maxCapacity: 100 }); c.autoScaleReplicas({ maxCapacity: 5 }); },
    /autoScaleReplicas.maxCapacity: 5 .*100 shards of 6 nodes \(600\)/],
  ['a CPU policy twice', SUPPORTED, (c) => {
    const s = c.autoScaleShards({ maxCapacity: 4 });
    s.scaleOnCpuUtilization({ targetUtilizationPercent: 60 });
    s.scaleOnCpuUtilization({ targetUtilizationPercent: 50 });
  }, /scaleOnCpuUtilization: 'ElastiCachePrimaryEngineCPUUtilization' .*one policy per metric/],
  ['a memory policy twice', SUPPORTED, (c) => {
    const s = c.autoScaleShards({ maxCapacity: 4 });
    s.scaleOnMemoryUtilization({ targetUtilizationPercent: 60 });
    s.scaleOnMemoryUtilization({ targetUtilizationPercent: 60 });
  }, /scaleOnMemoryUtilization: 'ElastiCacheDatabaseMemoryUsageCountedForEvictPercentage' .*one policy per metric/],
  ['target 0', SUPPORTED, cpu(0), /scaleOnCpuUtilization.targetUtilizationPercent: 0 .*percentage above 0 and at most 100/],
  ['target 101', SUPPORTED, cpu(101), /scaleOnCpuUtilization.targetUtilizationPercent: 101 .*percentage/],
  ['target NaN', SUPPORTED, cpu(Number.NaN), /scaleOnCpuUtilization.targetUtilizationPercent: NaN .*percentage/],
  ['disableScaleIn not a boolean', SUPPORTED, (c) => c.autoScaleShards({ maxCapacity: 4 }).scaleOnCpuUtilization({
    targetUtilizationPercent: 60, disableScaleIn: 'yes' as never,
  }), /scaleOnCpuUtilization.disableScaleIn: 'yes' .*true or false/],
  ['a schedule name twice', SUPPORTED, (c) => {
    const s = c.autoScaleShards({ maxCapacity: 4 }); s.scaleOnSchedule('Morning', { schedule: daily, minCapacity: 2 }); s.scaleOnSchedule('Morning', { schedule: daily, minCapacity: 3 });
  }, /scaleOnSchedule\('Morning'\): 'Morning' .*used once per scalable target/],
  ['a schedule without bounds', SUPPORTED, (c) => c.autoScaleShards({ maxCapacity: 4 }).scaleOnSchedule('Morning', { schedule: daily }),
    /scaleOnSchedule\('Morning'\).minCapacity: undefined .*minCapacity, maxCapacity or both/],
  ['a schedule over 5 replicas', SUPPORTED, (c) => c.autoScaleReplicas({ maxCapacity: 2 }).scaleOnSchedule('Peak', { schedule: daily, maxCapacity: 6 }),
    /scaleOnSchedule\('Peak'\).maxCapacity: 6 .*0 to 5 read replicas/],
  ['a schedule with min above max', SUPPORTED, (c) => c.autoScaleShards({ maxCapacity: 4 }).scaleOnSchedule('Peak', { schedule: daily, minCapacity: 5, maxCapacity: 3 }),
    /scaleOnSchedule\('Peak'\).minCapacity: 5 .*at most the maximum/],
  ['a schedule over 500 nodes', SUPPORTED, (c) => c.autoScaleShards({ maxCapacity: 4 }).scaleOnSchedule('Peak', { schedule: daily, maxCapacity: 400 }),
    /scaleOnSchedule\('Peak'\).maxCapacity: 400 .*exceed the 500 nodes/],
];

describe('invalid auto scaling fails at synth time, naming the property, the value and the rule', () => {
  test.each(invalid)('%s', (_name, props, act, message) => {
    const { cache } = build(props);
    expect(() => act(cache)).toThrow(message);
  });

  test('every error names its source document', () => {
    for (const [, props, act] of invalid) {
      const { cache } = build(props);
      expect(() => act(cache)).toThrow(/\. See https:\/\/docs\.aws\.amazon\.com\//);
    }
  });

  test('one ValidationError bound to the group lists every failure', () => {
    const { cache } = build({ nodeType: 'cache.t4g.micro', clusterMode: ClusterMode.DISABLED });
    const error = thrown(() => cache.autoScaleShards({ minCapacity: 0, maxCapacity: 2 }));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toMatch(/^ReplicationGroup.autoScaleShards: 4 problems/);
    expect(error.failures.map((f) => f.property)).toEqual(['clusterMode', 'nodeType', 'nodeType', 'autoScaleShards.minCapacity']);
  });

  test('a group that joins a Global Datastore after scaling fails when synthesized', () => {
    const { stack, cache } = build();
    cache.autoScaleShards({ maxCapacity: 2 });
    cache.resource.globalReplicationGroupId = 'ldgnf-global';
    expect(() => Template.fromStack(stack)).toThrow(/autoScaleShards: auto scaling is not supported for a group in a Global Datastore/);
  });
});

describe('valid edge cases pass', () => {
  test.each<[string, GroupProps, Act]>([
    ['min = max = the template count', { ...SUPPORTED, shards: 3 }, (c) => c.autoScaleShards({ minCapacity: 3, maxCapacity: 3 })],
    ['500 shards without replicas', { ...SUPPORTED, replicasPerShard: 0 }, (c) => c.autoScaleShards({ maxCapacity: 500 })],
    ['0 to 5 replicas', { ...SUPPORTED, replicasPerShard: 0 }, (c) => c.autoScaleReplicas({ minCapacity: 0, maxCapacity: 5 })],
    ['xlarge and 2xlarge', { nodeType: 'cache.m7g.2xlarge' }, (c) => c.autoScaleShards({ maxCapacity: 2 })],
    ['c7gn', { nodeType: 'cache.c7gn.xlarge' }, (c) => c.autoScaleShards({ maxCapacity: 2 })],
    ['Redis OSS 6.2 without data tiering', { nodeType: 'cache.r6g.large', engine: CacheEngine.REDIS_6_2 }, (c) => c.autoScaleShards({ maxCapacity: 2 })],
    ['Redis OSS 7.0 with data tiering', { nodeType: 'cache.r6gd.xlarge', engine: CacheEngine.REDIS_7_0 }, (c) => c.autoScaleShards({ maxCapacity: 2 })],
    ['Valkey 7.2', { ...SUPPORTED, engine: CacheEngine.VALKEY_7_2 }, (c) => c.autoScaleReplicas({ maxCapacity: 2 })],
    ['target 1 and 100', SUPPORTED, (c) => {
      c.autoScaleShards({ maxCapacity: 4 }).scaleOnCpuUtilization({ targetUtilizationPercent: 100 });
      c.autoScaleReplicas({ maxCapacity: 2 }).scaleOnCpuUtilization({ targetUtilizationPercent: 1 });
    }],
    ['CPU and memory policies on shards, CPU on replicas', SUPPORTED, (c) => {
      const s = c.autoScaleShards({ maxCapacity: 4 });
      s.scaleOnCpuUtilization({ targetUtilizationPercent: 60 });
      s.scaleOnMemoryUtilization({ targetUtilizationPercent: 60 });
      c.autoScaleReplicas({ maxCapacity: 2 }).scaleOnCpuUtilization({ targetUtilizationPercent: 60 });
    }],
    ['a schedule with only a maximum', SUPPORTED, (c) => c.autoScaleShards({ maxCapacity: 4 }).scaleOnSchedule('Night', { schedule: daily, maxCapacity: 1 })],
    ['unresolved bounds are not guessed', SUPPORTED, (c) => c.autoScaleShards({ maxCapacity: Lazy.number({ produce: () => 4 }) })],
  ])('%s', (_name, props, act) => {
    const { stack, cache } = build(props);
    act(cache);
    expect(() => Template.fromStack(stack)).not.toThrow();
  });
});

describe('warnings for what AWS states only second-hand or as a quota', () => {
  test('a target outside the guide\'s 35-70', () => {
    const { stack, cache } = build();
    cache.autoScaleReplicas({ maxCapacity: 2 }).scaleOnCpuUtilization({ targetUtilizationPercent: 80 });
    expect(warnings(stack, 'auto-scaling-target-range')).toHaveLength(1);
  });

  test('35 and 70 give no warning', () => {
    const { stack, cache } = build();
    cache.autoScaleShards({ maxCapacity: 4 }).scaleOnCpuUtilization({ targetUtilizationPercent: 35 });
    cache.autoScaleReplicas({ maxCapacity: 2 }).scaleOnCpuUtilization({ targetUtilizationPercent: 70 });
    expect(warnings(stack, 'cdk-elasticache:auto-scaling')).toEqual([]);
  });

  test('an 8th-generation family, listed only by translated pages', () => {
    const { stack, cache } = build({ nodeType: 'cache.r8g.large' });
    cache.autoScaleShards({ maxCapacity: 2 });
    expect(warnings(stack, 'auto-scaling-node-family')).toHaveLength(1);
  });

  test('more than the default 90 nodes per cluster at the maxima, also across both dimensions', () => {
    const one = build();
    one.cache.autoScaleShards({ maxCapacity: 46 }); // 46 × 2 = 92
    expect(warnings(one.stack, 'auto-scaling-node-quota')).toHaveLength(1);
    const two = build();
    two.cache.autoScaleShards({ maxCapacity: 15 });
    two.cache.autoScaleReplicas({ maxCapacity: 5 }); // 15 × 6 = 90: the quota itself is fine
    expect(warnings(two.stack, 'auto-scaling-node-quota')).toEqual([]);
    const three = build();
    three.cache.autoScaleShards({ maxCapacity: 16 });
    three.cache.autoScaleReplicas({ maxCapacity: 5 }); // 16 × 6 = 96
    expect(warnings(three.stack, 'auto-scaling-node-quota')).toHaveLength(1);
  });

  test('per-node alarms under auto scaling: fixed at synth, so a warning; fleet alarms (the default) follow the nodes', () => {
    const node = build({ ...SUPPORTED, monitoring: { alarmScope: CacheAlarmScope.NODE } });
    node.cache.autoScaleShards({ maxCapacity: 4 });
    node.cache.autoScaleReplicas({ maxCapacity: 2 });
    expect(warnings(node.stack, 'node-alarms-under-auto-scaling')).toHaveLength(2); // one per scaled dimension
    const fleet = build();
    fleet.cache.autoScaleShards({ maxCapacity: 4 });
    expect(warnings(fleet.stack, 'node-alarms-under-auto-scaling')).toEqual([]);
  });
});

describe('any capacity gives a scalable target or one error naming only the properties given', () => {
  const count = fc.oneof(fc.integer({ min: -2, max: 12 }), fc.constant(2.5), fc.constant(600));
  test('shards and replicas', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 10 }), fc.integer({ min: 0, max: 5 }), count, count, fc.boolean(),
      (shards, replicasPerShard, minCapacity, maxCapacity, onShards) => {
        const { stack, cache } = build({ ...SUPPORTED, shards, replicasPerShard });
        const method = onShards ? 'autoScaleShards' : 'autoScaleReplicas';
        const given = new Set([`${method}.minCapacity`, `${method}.maxCapacity`, 'shards', 'replicasPerShard']);
        let error: CacheValidationError | undefined;
        try {
          cache[method]({ minCapacity, maxCapacity });
        } catch (e) {
          error = e as CacheValidationError;
        }
        if (error) {
          expect(error).toBeInstanceOf(ValidationError);
          expect(error.failures.length).toBeGreaterThan(0);
          expect(error.failures.map((f) => f.property).filter((p) => !given.has(p))).toEqual([]);
          return;
        }
        Template.fromStack(stack).hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
          MinCapacity: minCapacity, MaxCapacity: maxCapacity,
        });
      }), { numRuns: 15 });
  });
});

describe('cdk-nag reports nothing on an auto-scaled group', () => {
  test.each(NAG_PACKS)('%s', (_name, pack) => {
    const { stack, cache } = build({ ...SUPPORTED, shards: 2 });
    const shards = cache.autoScaleShards({ minCapacity: 2, maxCapacity: 6 });
    shards.scaleOnCpuUtilization({ targetUtilizationPercent: 60 });
    shards.scaleOnSchedule('Evening', { schedule: daily, minCapacity: 3 });
    cache.autoScaleReplicas({ maxCapacity: 3 }).scaleOnCpuUtilization({ targetUtilizationPercent: 50 });
    expect(nagFindings(pack(), stack, 'Test/Cache')).toEqual([]);
  });
});

import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as sns from 'aws-cdk-lib/aws-sns';
import { memcachedTarget, redisWithReplicaTarget, valkeyClusterTarget } from './targets';
import { CacheMonitoring } from '../../src';
import { newStack } from '../helpers';
import { NAG_PACKS, nagFindings } from '../nag';

describe('cdk-nag packs report nothing on the alarm topic, its key, the alarms and the dashboard', () => {
  test.each(NAG_PACKS)('%s, Valkey cluster with replicas, dashboard, e-mails', (_name, pack) => {
    const { stack } = newStack();
    new CacheMonitoring(stack, 'Monitoring', {
      target: valkeyClusterTarget(),
      alarmEmails: ['ops@example.com'],
      dashboard: true,
      alarms: { cacheHitRate: { enabled: true }, readLatency: { enabled: true }, writeLatency: { enabled: true } },
    });
    expect(nagFindings(pack(), stack, 'Test/Monitoring')).toEqual([]);
  });

  test.each(NAG_PACKS)('%s, Redis OSS with a replica on a small node', (_name, pack) => {
    const { stack } = newStack();
    new CacheMonitoring(stack, 'Monitoring', { target: redisWithReplicaTarget('cache.t4g.micro') });
    expect(nagFindings(pack(), stack, 'Test/Monitoring')).toEqual([]);
  });

  test.each(NAG_PACKS)('%s, Memcached', (_name, pack) => {
    const { stack } = newStack();
    new CacheMonitoring(stack, 'Monitoring', { target: memcachedTarget(), dashboard: true });
    expect(nagFindings(pack(), stack, 'Test/Monitoring')).toEqual([]);
  });
});

describe('the nag check can fail', () => {
  test('an unencrypted topic without TLS and an alarm without actions are reported', () => {
    const { stack } = newStack();
    new sns.Topic(stack, 'Plain');
    new cloudwatch.Alarm(stack, 'Silent', {
      metric: new cloudwatch.Metric({ namespace: 'AWS/ElastiCache', metricName: 'Evictions' }),
      threshold: 1,
      evaluationPeriods: 1,
    });
    const aws = nagFindings(NAG_PACKS[0][1](), stack, 'Test/Plain').map((f) => f.rule);
    expect(aws).toEqual(['AwsSolutions-SNS3']);
    const nist = nagFindings(NAG_PACKS[2][1](), stack).map((f) => f.rule);
    expect(nist).toEqual(expect.arrayContaining(['NIST.800.53.R5-SNSEncryptedKMS', 'NIST.800.53.R5-CloudWatchAlarmAction']));
  });
});

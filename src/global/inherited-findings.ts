import { Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { DOC_GETTING_STARTED } from './sources';
import { CacheAuthMode } from '../connection/contract';
import type { ReplicationGroup } from '../replication-group/replication-group';

/** The rule packs' ids of the findings on settings a secondary inherits. */
const RULES = {
  encryption: ['AwsSolutions-AEC3', 'HIPAA.Security-ElastiCacheRedisClusterEncryption', 'NIST.800.53.R5-ElastiCacheRedisClusterEncryption'],
  multiAz: ['AwsSolutions-AEC4', 'HIPAA.Security-ElastiCacheRedisClusterMultiAZ', 'NIST.800.53.R5-ElastiCacheRedisClusterMultiAZ'],
  port: ['AwsSolutions-AEC5', 'NIST.800.53.R5-ElastiCacheClusterNonDefaultPort'],
  auth: ['AwsSolutions-AEC6'],
};

/**
 * cdk-nag reads a secondary's template, where encryption, Multi-AZ, the port and the AUTH token
 * are absent because the secondary takes them from the primary (ElastiCache rejects them on a
 * secondary). Each finding is acknowledged only when the primary meets the rule, saying so.
 */
export function acknowledgeInheritedSettings(resource: IConstruct, primary: ReplicationGroup): void {
  const inherited = (ids: string[], what: string) => {
    for (const id of ids) {
      Validations.of(resource).acknowledge({
        id,
        reason: `A Global Datastore secondary inherits ${what} from its primary ${primary.node.path}, which has it; ElastiCache rejects `
          + 'the setting on a secondary ("Cannot use the given parameters when creating new replication group in an existing global '
          + `replication group"). See ${DOC_GETTING_STARTED}`,
      });
    }
  };
  const p = primary.resource;
  if (p.transitEncryptionEnabled === true && p.atRestEncryptionEnabled === true) inherited(RULES.encryption, 'encryption in transit and at rest');
  if (p.multiAzEnabled === true && p.automaticFailoverEnabled === true) inherited(RULES.multiAz, 'Multi-AZ with automatic failover');
  if (primary.port !== 6379) inherited(RULES.port, `its port (${primary.port}, not the default 6379)`);
  if (primary.authMode === CacheAuthMode.TOKEN) inherited(RULES.auth, 'the AUTH token');
}

import { Annotations, Names, Stack } from 'aws-cdk-lib';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import { Construct } from 'constructs';
import { primaryFailures, regionWarning } from './global-rules';
import { GlobalDatastoreProps, SecondaryReplicationGroupOptions } from './props';
import { SecondaryReplicationGroup } from './secondary-replication-group';
import { CFN_GLOBAL } from './sources';
import { RuleReport } from '../common/validation';
import { ReplicationGroup } from '../replication-group/replication-group';

const WHAT = 'GlobalDatastore';

/**
 * An ElastiCache Global Datastore: a primary replication group in this stack's Region, replicated
 * to secondaries in up to two other Regions (`addSecondary`). Reads are served in every Region;
 * writes go to the primary. A secondary Region takes over by promotion (docs/global-datastore.md).
 *
 * It is created with its primary only ("GlobalReplicationGroup cannot be created with multiple
 * members"): each secondary joins by naming the Global Datastore, in its own Region's stack.
 *
 * @resource AWS::ElastiCache::GlobalReplicationGroup
 */
export class GlobalDatastore extends Construct {
  /** The primary replication group. */
  public readonly primary: ReplicationGroup;
  /** The full id: the primary Region's prefix and the suffix. @attribute */
  public readonly globalReplicationGroupId: string;
  /** The L1 resource. */
  public readonly resource: elasticache.CfnGlobalReplicationGroup;
  private readonly members: SecondaryReplicationGroup[] = [];

  constructor(scope: Construct, id: string, props: GlobalDatastoreProps) {
    super(scope, id);
    const report = new RuleReport();
    const primary = (props as Partial<GlobalDatastoreProps> | undefined)?.primary;
    if (!(primary instanceof ReplicationGroup)) {
      report.fail('primary', primary, 'it is a ReplicationGroup made in this app (an imported group has no known node type, shards or settings)');
      report.throwIfAny(this, WHAT);
    }
    const group = primary as ReplicationGroup;
    if (Stack.of(group) !== Stack.of(this)) {
      report.fail('primary', group.node.path, `the primary is in this construct's stack (${Stack.of(this).stackName}): the Global Datastore is made in its Region`,
        CFN_GLOBAL);
    }
    if (group._globalDatastore !== undefined) {
      report.fail('primary', group.node.path, `it is already in the Global Datastore ${group._globalDatastore.node.path}`, CFN_GLOBAL);
    }
    report.addAll(primaryFailures({
      engine: group.engine,
      nodeType: group.nodeType,
      networkType: group.resource.networkType,
      durability: group.durability,
      autoScaled: group.autoScaling.shards !== undefined || group.autoScaling.replicas !== undefined,
      authMode: group.authMode,
      region: Stack.of(group).region,
    }));
    const suffix = props.globalReplicationGroupIdSuffix;
    if (suffix !== undefined && (typeof suffix !== 'string' || suffix.trim() === '')) {
      report.fail('globalReplicationGroupIdSuffix', suffix, 'the suffix is a non-empty string', CFN_GLOBAL);
    }
    report.throwIfAny(this, WHAT);
    const warning = regionWarning('The primary', Stack.of(group).region);
    if (warning) Annotations.of(this).addWarningV2('cdk-elasticache:global-datastore-region', warning);

    this.primary = group;
    this.resource = new elasticache.CfnGlobalReplicationGroup(this, 'Resource', {
      globalReplicationGroupIdSuffix: suffix ?? Names.uniqueResourceName(this, { maxLength: 40, separator: '-' }).toLowerCase(),
      globalReplicationGroupDescription: props.description ?? `Global Datastore ${this.node.path}`,
      members: [{ replicationGroupId: group.replicationGroupId, replicationGroupRegion: Stack.of(group).region, role: 'PRIMARY' }],
    });
    this.globalReplicationGroupId = this.resource.attrGlobalReplicationGroupId;
    // "ElastiCache automatically disables the Auto upgrade minor versions setting" of members: the
    // template says so too, so no later update tries to switch it back on.
    group.resource.autoMinorVersionUpgrade = false;
    group._joinGlobalDatastore(this);
  }

  /** The secondaries added so far. */
  public get secondaries(): SecondaryReplicationGroup[] {
    return [...this.members];
  }

  /** The Regions of the secondaries added so far. */
  public get secondaryRegions(): string[] {
    return this.members.map((m) => Stack.of(m).region);
  }

  /**
   * Adds a read-only secondary replication group in the Region of `scope`'s stack, which must set
   * `crossRegionReferences: true` (it reads the Global Datastore's id and the primary's endpoint).
   */
  public addSecondary(scope: Construct, id: string, options: SecondaryReplicationGroupOptions): SecondaryReplicationGroup {
    return new SecondaryReplicationGroup(scope, id, { ...options, globalDatastore: this });
  }

  /** @internal Records a secondary once its rules passed (called by its constructor). */
  public _registerSecondary(secondary: SecondaryReplicationGroup): void {
    this.members.push(secondary);
  }
}

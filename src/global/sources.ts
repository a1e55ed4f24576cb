// The documents that state the Global Datastore rules (ElastiCache User Guide and API reference).

/**
 * Prerequisites and limits: node types, Regions, matching members, inherited failover, no IPv6,
 * no durability, no Local Zones, no cross-account members, minor upgrades switched off.
 */
export const DOC_GETTING_STARTED = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Redis-Global-Datastores-Getting-Started.html';
/** Creating one with the console: the engine versions; adding a secondary; promoting it. */
export const DOC_CREATE_GRG = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Redis-Global-Datastores-Console.html';
/** "Durability is not supported with Global Datastores, Outposts, Local Zones, or data tiering." */
export const DOC_DURABILITY = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Durability.Limitations.html';
/** "Auto Scaling in ElastiCache is not supported for clusters running in Global datastores". */
export const DOC_AUTO_SCALING = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/AutoScaling.html';
/** Failing over to a secondary Region (the promotion). */
export const API_FAILOVER = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_FailoverGlobalReplicationGroup.html';
/** The CloudFormation resource: the members, created with the primary only. */
export const CFN_GLOBAL = 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-elasticache-globalreplicationgroup.html';

import { Names } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * A stable id for a cache from its construct path that meets ElastiCache's id rules: lower-case
 * letters, digits and single hyphens, a letter first, no trailing hyphen, at most 40 characters.
 * Being known at synth time, it names the member clusters and nodes in metrics and alarms.
 */
export function generateCacheId(scope: IConstruct): string {
  const raw = Names.uniqueResourceName(scope, { maxLength: 40, separator: '-' }).toLowerCase();
  const clean = raw.replace(/[^a-z0-9-]/g, '').replace(/-+/g, '-').replace(/^[^a-z]+/, '').replace(/-+$/, '');
  return clean.slice(0, 40).replace(/-+$/, '');
}

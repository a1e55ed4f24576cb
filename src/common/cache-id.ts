import { createHash } from 'crypto';
import { Annotations, Names, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { RuleReport } from './validation';

/**
 * A stable id for a cache from its construct path that meets ElastiCache's id rules: lower-case
 * letters, digits and single hyphens, a letter first, no trailing hyphen, at most `maxLength`.
 * Being known at synth time, it names the member clusters and nodes in metrics and alarms.
 */
export function generateCacheId(scope: IConstruct, maxLength = 40): string {
  const raw = Names.uniqueResourceName(scope, { maxLength: 40, separator: '-' }).toLowerCase();
  return trimId(raw.replace(/[^a-z0-9-]/g, '').replace(/-+/g, '-').replace(/^[^a-z]+/, ''), maxLength);
}

/**
 * The values of the create-only properties that differ from the construct's defaults, by property
 * name. CloudFormation replaces the resource when one of them changes.
 */
export type CreateOnlyValues = Record<string, unknown>;

/**
 * The generated id of a cache, followed by a fingerprint of its create-only settings that differ
 * from the defaults. A change to one of them changes the id, so CloudFormation's replacement
 * creates the new cache under a free name instead of failing with "already exists"; a cache on the
 * defaults keeps the plain generated id.
 */
export function generateReplaceableCacheId(scope: IConstruct, createOnly: CreateOnlyValues, maxLength = 40): string {
  const base = generateCacheId(scope, maxLength);
  const fingerprint = fingerprintOf(createOnly);
  if (fingerprint === undefined) return base;
  return `${trimId(base, maxLength - fingerprint.length - 1)}-${fingerprint}`;
}

/**
 * A user-given id stays as it is; warn that changing a create-only property would replace the
 * cache, which fails under a fixed id.
 */
export function warnFixedId(scope: IConstruct, property: string, createOnlyProperties: readonly string[]): void {
  Annotations.of(scope).addWarningV2('cdk-elasticache:fixed-id-replacement',
    `${property} is fixed, so a change to ${createOnlyProperties.join(', ')} (which CloudFormation can only make by `
    + 'replacing the cache) fails with "already exists". To change one, give a new id in the same deploy, or leave '
    + `${property} out and let the construct generate one that follows these properties.`);
}

/**
 * ElastiCache ids: "must contain from 1 to N alphanumeric characters or hyphens", "the first
 * character must be a letter", "cannot end with a hyphen or contain two consecutive hyphens".
 */
export function checkCacheId(report: RuleReport, property: string, id: unknown, maxLength: number, source: string): void {
  if (id === undefined || (typeof id === 'string' && Token.isUnresolved(id))) return;
  if (typeof id !== 'string') {
    report.fail(property, id, 'the id is a string', source);
    return;
  }
  if (id.length < 1 || id.length > maxLength) report.fail(property, id, `the id is 1 to ${maxLength} characters`, source);
  if (!/^[a-zA-Z]/.test(id)) report.fail(property, id, 'the id starts with a letter', source);
  if (!/^[a-zA-Z0-9-]*$/.test(id)) report.fail(property, id, 'the id holds only ASCII letters, digits and hyphens', source);
  if (id.includes('--')) report.fail(property, id, 'the id cannot contain two consecutive hyphens', source);
  if (id.endsWith('-')) report.fail(property, id, 'the id cannot end with a hyphen', source);
}

function fingerprintOf(createOnly: CreateOnlyValues): string | undefined {
  const entries = Object.entries(createOnly).filter(([, v]) => v !== undefined).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return undefined;
  // Tokens are renumbered between synths: they count as "set", never by their text.
  const stable = JSON.stringify(entries, (_key, v) => (typeof v === 'string' || typeof v === 'number') && Token.isUnresolved(v) ? 'token' : v);
  return createHash('sha256').update(stable).digest('hex').slice(0, 6);
}

function trimId(id: string, maxLength: number): string {
  return id.slice(0, maxLength).replace(/-+$/, '');
}

import { Token } from 'aws-cdk-lib';
import { familyCatalog } from './catalog';
import { FamilyCatalog, ParameterSpec } from './parameter-types';
import { closestNames } from './suggest';
import { RuleFailure } from '../validation';

// ElastiCache offers no AOF: "The following parameters are no longer supported. appendonly,
// appendfsync" (Redis OSS 2.8.22) and "Redis OSS configuration variables appendonly and appendfsync
// are not supported." Durability comes from replicas, snapshots and (Valkey 9.0+) the transactional log.
const DOC_AOF = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ParameterGroups.Engine.html#ParameterGroups.Redis.2-8-22';
const DOC_DURABILITY = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/durability.html';
const AOF_RULE = 'ElastiCache does not offer AOF persistence (appendonly and appendfsync are not supported beginning with '
  + 'Redis OSS 2.8.22). For durable data use replicas in other Availability Zones with automatic failover '
  + '(multiAz, replicasPerShard of 1 or more), daily snapshots (snapshotRetention), and on Valkey 9.0 and later the '
  + `durability option, a Multi-AZ transactional log (${DOC_DURABILITY})`;
const DOC_CLUSTER = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ParameterGroups.Engine.html#ParameterGroups.Redis.3-2-4';

/**
 * The failures of a parameter map against the documented parameters of its family: unknown names
 * (with the closest documented names), values of the wrong type, outside the range or not among the
 * permitted values, parameters a custom group cannot change, and AOF. Unresolved tokens are skipped;
 * a family the catalog does not hold is not guessed at. Never throws, whatever the input.
 *
 * @param family parameter group family, e.g. `valkey8`
 * @param parameters the parameters as CloudFormation takes them (every value a string)
 * @param property the property the map came from, for the failure's name
 * @param version the engine version inside the family (`8.0`), to catch parameters added later in it
 */
export function parameterFailures(family: string, parameters: Record<string, string>, property = 'parameters',
  version?: string): RuleFailure[] {
  const catalog = familyCatalog(family);
  if (!catalog || parameters === undefined || parameters === null || Token.isUnresolved(parameters)) return [];
  if (typeof parameters !== 'object' || Array.isArray(parameters)) {
    return [{ property, value: parameters, rule: 'parameters are a map of parameter names to string values', source: catalog.source }];
  }
  const failures: RuleFailure[] = [];
  for (const [name, value] of Object.entries(parameters)) {
    if (Token.isUnresolved(name)) continue;
    const rule = ruleFor(catalog, family, name, value, version);
    if (rule) failures.push({ property: `${property}['${name}']`, value, rule: rule.rule, source: rule.source ?? catalog.source });
  }
  return failures;
}

interface Broken { readonly rule: string; readonly source?: string }

function ruleFor(catalog: FamilyCatalog, family: string, name: string, value: unknown, version?: string): Broken | undefined {
  const spec = own(catalog.parameters, name);
  if (spec && name === 'cluster-enabled') {
    return { rule: 'the construct sets cluster-enabled from clusterMode; set clusterMode instead', source: DOC_CLUSTER };
  }
  if (spec && (name === 'appendonly' || name === 'appendfsync')) return { rule: AOF_RULE, source: DOC_AOF };
  const renamed = own(catalog.renamed, name);
  if (renamed) return { rule: `${name} was renamed ${renamed}` };
  const removed = own(catalog.removed, name);
  if (removed) return { rule: `${family} has no ${name}: ${removed}` };
  if (!spec) {
    const near = closestNames(name, Object.keys(catalog.parameters));
    return { rule: `${name} is not a documented ${family} parameter${near.length ? `; did you mean ${near.join(', ')}?` : ''}` };
  }
  if (spec.modifiable === 'no') {
    return { rule: `${name} cannot be changed in a custom parameter group${spec.note ? `: ${spec.note}` : ''}` };
  }
  if (spec.since && version && compareVersions(version, spec.since) < 0) {
    return { rule: `${name} was added in ${family} engine version ${spec.since}; this engine is ${version}` };
  }
  if (typeof value !== 'string') return { rule: 'parameter values are strings, as CloudFormation takes them (e.g. \'5\', \'yes\')' };
  if (Token.isUnresolved(value)) return undefined;
  const problem = valueProblem(spec, value);
  return problem ? { rule: `${name} ${problem}` } : undefined;
}

/** What is wrong with a value for its parameter, or undefined when nothing is. */
function valueProblem(spec: ParameterSpec, value: string): string | undefined {
  switch (spec.type) {
    case 'integer':
      if (!/^-?\d+$/.test(value)) return `is an integer${range(spec)}`;
      return inRange(spec, Number(value)) ? undefined : `is an integer${range(spec)}`;
    case 'float':
      if (!/^-?\d+(\.\d+)?$/.test(value)) return `is a number${range(spec)}`;
      return inRange(spec, Number(value)) ? undefined : `is a number${range(spec)}`;
    case 'boolean':
    case 'enum':
      // Exact: ElastiCache takes the permitted values as written (no case folding, no spaces).
      return spec.values!.includes(value) ? undefined : `is one of ${spec.values!.join(', ')}, exactly as written`;
    case 'string':
      if (spec.chars && [...value].some((c) => !spec.chars!.includes(c))) {
        return `holds only the characters ${[...spec.chars].join(' ')}`;
      }
      return undefined;
  }
}

function inRange(spec: ParameterSpec, n: number): boolean {
  if (spec.min !== undefined && n < spec.min) return false;
  if (spec.max !== undefined && n > spec.max) return false;
  return !(spec.invalid && n >= spec.invalid[0] && n <= spec.invalid[1]);
}

function range(spec: ParameterSpec): string {
  const { min, max, invalid } = spec;
  if (invalid) return ` of at least ${min ?? '-∞'}, except ${invalid[0]} to ${invalid[1]}`;
  if (min !== undefined && max !== undefined) return ` from ${min} to ${max}`;
  if (min !== undefined) return ` of at least ${min}`;
  if (max !== undefined) return ` of at most ${max}`;
  return '';
}

/** Negative when a is older than b; versions are dotted numbers. */
function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] || 0) - (pb[i] || 0);
    if (d !== 0) return d;
  }
  return 0;
}

function own<T>(map: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(map, key) ? map[key] : undefined;
}

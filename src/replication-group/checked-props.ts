import { RemovalPolicy } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { ReplicationGroupProps } from './props';
import { ReplicationGroupSettings, resolveSettings } from './settings';
import { checkReplicationGroupShapes, validateReplicationGroup } from './validate';
import { CacheAuthentication } from '../auth/authentication';
import { CacheEngine } from '../common/engine';
import { checkEnum } from '../common/prop-types';
import { RuleReport } from '../common/validation';

/** The props once every rule passed, with every default applied. */
export interface CheckedReplicationGroupProps {
  readonly engine: CacheEngine;
  readonly authentication: CacheAuthentication;
  readonly settings: ReplicationGroupSettings;
  readonly removalPolicy: RemovalPolicy;
  /** Collects what can only be checked once the network exists (zones, subnets); throw it after. */
  readonly report: RuleReport;
}

const WHAT = 'ReplicationGroup';

/**
 * Shapes first (props may come from JavaScript or JSON config, and the rules read them typed),
 * then every documented rule; throws one ValidationError with all failures.
 */
export function checkedProps(scope: IConstruct, props: ReplicationGroupProps): CheckedReplicationGroupProps {
  const report = new RuleReport();
  if (!checkReplicationGroupShapes(report, props)) report.throwIfAny(scope, WHAT);
  if (props.engine !== undefined && !(props.engine instanceof CacheEngine)) report.fail('engine', props.engine, 'it is a CacheEngine, e.g. CacheEngine.VALKEY_8_2');
  if (props.authentication !== undefined && !(props.authentication instanceof CacheAuthentication)) {
    report.fail('authentication', props.authentication, 'it is a CacheAuthentication, e.g. CacheAuthentication.iam()');
  }
  checkEnum(report, 'removalPolicy', props.removalPolicy, Object.values(RemovalPolicy));
  report.throwIfAny(scope, WHAT);
  const engine = props.engine ?? CacheEngine.LATEST;
  const authentication = props.authentication ?? CacheAuthentication.authToken();
  const settings = resolveSettings(props);
  validateReplicationGroup(report, props, engine, authentication, settings);
  report.throwIfAny(scope, WHAT);
  return { engine, authentication, settings, removalPolicy: props.removalPolicy ?? RemovalPolicy.SNAPSHOT, report };
}

/** Throws the failures found after the network was placed. */
export function throwLateFailures(scope: IConstruct, report: RuleReport): void {
  report.throwIfAny(scope, WHAT);
}

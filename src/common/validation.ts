import { Token, ValidationError } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** One broken rule: the property, the value it has, the rule and the document that states it. */
export interface RuleFailure {
  readonly property: string;
  readonly value: unknown;
  readonly rule: string;
  readonly source?: string;
}

/** The one-line form every configuration error uses: "property: 'value' is invalid: rule. See source". */
export function describeFailure(f: RuleFailure): string {
  return `${f.property}: ${showValue(f.value)} is invalid: ${f.rule}.${f.source ? ` See ${f.source}` : ''}`;
}

/** Thrown by a single check (`fail`); a {@link RuleReport} collects these instead of stopping. */
export class RuleViolation extends Error {
  constructor(public readonly failure: RuleFailure) {
    super(describeFailure(failure));
    this.name = 'RuleViolation';
  }
}

/**
 * Throws the error every configuration check uses: it names the property, the value and the
 * rule, and points at the documentation that states the rule.
 */
export function fail(property: string, value: unknown, rule: string, source?: string): never {
  throw new RuleViolation({ property, value, rule, source });
}

/**
 * Collects every failed rule of a construct, so one synth reports them all, and throws them as
 * one aws-cdk-lib `ValidationError` bound to the construct (the message carries its path).
 */
export class RuleReport {
  private readonly failures: RuleFailure[] = [];

  /** Records a failed rule and goes on. */
  public fail(property: string, value: unknown, rule: string, source?: string): void {
    this.failures.push({ property, value, rule, source });
  }

  /** Records failures a rule function returned. */
  public addAll(failures: readonly RuleFailure[]): void {
    this.failures.push(...failures);
  }

  /**
   * Runs a check that throws on its first failure (`fail`); records that failure and returns
   * undefined instead of stopping the other checks.
   */
  public attempt<T>(check: () => T): T | undefined {
    try {
      return check();
    } catch (e) {
      if (e instanceof RuleViolation) {
        this.failures.push(e.failure);
        return undefined;
      }
      throw e;
    }
  }

  /** Whether any rule failed so far. */
  public get failed(): boolean {
    return this.failures.length > 0;
  }

  /** The failures so far. */
  public get all(): readonly RuleFailure[] {
    return this.failures;
  }

  /** Throws one ValidationError listing every failure, if there is any. */
  public throwIfAny(scope: IConstruct, what: string): void {
    if (this.failures.length === 0) return;
    const lines = this.failures.map(describeFailure);
    const message = lines.length === 1
      ? `${what}: ${lines[0]}`
      : `${what}: ${lines.length} problems:\n${lines.map((l) => `  - ${l}`).join('\n')}`;
    throw new CacheValidationError(message, scope, [...this.failures]);
  }
}

const ERROR_NAME = 'CacheConfigurationInvalid' as unknown as ConstructorParameters<typeof ValidationError>[0];

/** The ValidationError a cache construct throws: aws-cdk-lib's, with the failed rules attached. */
export class CacheValidationError extends ValidationError {
  constructor(message: string, scope: IConstruct, public readonly failures: readonly RuleFailure[]) {
    // The name is a branded literal type whose maker (`lit`) is private to aws-cdk-lib.
    super(ERROR_NAME, message, scope);
  }
}

/** True when a value is known at synth time (not an unresolved token), so it can be checked. */
export function isResolved(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'number') return !Token.isUnresolved(value);
  if (typeof value === 'string') return !Token.isUnresolved(value);
  if (Array.isArray(value)) return !Token.isUnresolved(value) && value.every(isResolved);
  return !Token.isUnresolved(value);
}

function showValue(value: unknown): string {
  if (typeof value === 'string') return `'${value.length > 80 ? `${value.slice(0, 77)}…` : value}'`;
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) return String(value);
  try {
    const json = JSON.stringify(value);
    if (json === undefined) return typeof value;
    return json.length > 80 ? `${json.slice(0, 77)}…` : json;
  } catch {
    return typeof value;
  }
}

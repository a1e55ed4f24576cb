import { Token } from 'aws-cdk-lib';

/**
 * Throws the error every configuration check uses: it names the property, the value and the
 * rule, and points at the documentation that states the rule.
 */
export function fail(property: string, value: unknown, rule: string, source?: string): never {
  const shown = typeof value === 'string' ? `'${value}'` : JSON.stringify(value);
  throw new Error(`${property}: ${shown} is invalid: ${rule}.${source ? ` See ${source}` : ''}`);
}

/** True when a value is known at synth time (not an unresolved token), so it can be checked. */
export function isResolved(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'number') return !Token.isUnresolved(value);
  if (typeof value === 'string') return !Token.isUnresolved(value);
  if (Array.isArray(value)) return !Token.isUnresolved(value) && value.every(isResolved);
  return !Token.isUnresolved(value);
}

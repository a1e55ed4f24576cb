import { RuleReport } from './validation';

/** The shape a property must have, checked before any rule reads it (props may come from JavaScript or JSON). */
export type PropKind =
  | 'string' | 'number' | 'boolean' | 'duration' | 'string-list' | 'string-map'
  | 'construct' | 'construct-list' | 'object' | 'object-list' | 'enum';

const SHAPES: Record<PropKind, { readonly test: (v: unknown) => boolean; readonly is: string }> = {
  'string': { test: (v) => typeof v === 'string', is: 'a string' },
  'number': { test: (v) => typeof v === 'number', is: 'a number' },
  'boolean': { test: (v) => typeof v === 'boolean', is: 'true or false' },
  'duration': { test: (v) => isObject(v) && typeof (v as { toDays?: unknown }).toDays === 'function', is: 'a Duration (Duration.days(7))' },
  'string-list': { test: (v) => Array.isArray(v) && v.every((e) => typeof e === 'string'), is: 'a list of strings' },
  'string-map': {
    test: (v) => isObject(v) && !Array.isArray(v) && Object.values(v as object).every((e) => typeof e === 'string'),
    is: 'an object of string values',
  },
  'construct': { test: (v) => isObject(v) && isObject((v as { node?: unknown }).node), is: 'a construct' },
  'construct-list': { test: (v) => Array.isArray(v) && v.every((e) => isObject(e) && isObject(e.node)), is: 'a list of constructs' },
  'object': { test: (v) => isObject(v) && !Array.isArray(v), is: 'an object' },
  'object-list': { test: (v) => Array.isArray(v) && v.every((e) => isObject(e) && !Array.isArray(e)), is: 'a list of objects' },
  'enum': { test: (v) => typeof v === 'string', is: 'one of the enum\'s values' },
};

/**
 * Checks that `props` is an object and that each property listed has the shape it needs: a wrong
 * type or a `null` becomes a failure naming the property, never a TypeError further on.
 * @returns true when every shape is right, so the rules can read the values
 */
export function checkPropShapes(report: RuleReport, props: unknown, kinds: Record<string, PropKind>, required: readonly string[]): boolean {
  const before = report.all.length;
  if (!isObject(props) || Array.isArray(props)) {
    report.fail('props', props, `the properties are an object with at least ${required.join(', ')}`);
    return false;
  }
  const values = props as Record<string, unknown>;
  for (const name of required) {
    if (values[name] === undefined || values[name] === null) report.fail(name, values[name], 'this property is required');
  }
  for (const [name, kind] of Object.entries(kinds)) {
    const value = values[name];
    if (value === undefined || required.includes(name) && value === null) continue;
    if (value === null) {
      report.fail(name, null, 'null is not a value here: leave the property out to get its default');
    } else if (!SHAPES[kind].test(value)) {
      report.fail(name, value, `it must be ${SHAPES[kind].is}, not ${describeType(value)}`);
    }
  }
  return report.all.length === before;
}

/** Checks one value against the shape of an enum: one of `allowed`. */
export function checkEnum(report: RuleReport, property: string, value: unknown, allowed: readonly string[], source?: string): void {
  if (value === undefined) return;
  if (typeof value !== 'string' || !allowed.includes(value)) {
    report.fail(property, value, `it is one of ${allowed.join(', ')}`, source);
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

function describeType(v: unknown): string {
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'number' && Number.isNaN(v)) return 'NaN';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

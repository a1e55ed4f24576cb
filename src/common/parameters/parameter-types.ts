/** How a parameter's value is written: CloudFormation takes every value as a string. */
export type ParameterType = 'integer' | 'float' | 'boolean' | 'string' | 'enum';

/**
 * Whether a parameter can be set in a custom parameter group: `yes`, `no`, or `conditional` (only while
 * the group is attached to no cluster, as for `databases`); undefined where the docs leave it blank.
 */
export type Modifiable = 'yes' | 'no' | 'conditional';

/** When a change takes effect, as the docs state it. */
export type Applies = 'immediately' | 'reboot' | 'creation';

/** One documented parameter: only what the ElastiCache user guide states about it. */
export interface ParameterSpec {
  readonly type: ParameterType;
  /** The permitted values of an enum, or a boolean's two spellings (`yes`/`no`, `0`/`1`). */
  readonly values?: readonly string[];
  readonly min?: number;
  readonly max?: number;
  /** An inclusive span of integers the docs call invalid between min and max. */
  readonly invalid?: readonly [number, number];
  /** The only characters a string value may hold. */
  readonly chars?: string;
  readonly modifiable?: Modifiable;
  readonly applies?: Applies;
  /** The engine version inside the family that added it, e.g. '8.1' in valkey8. */
  readonly since?: string;
  /** Why it cannot be set, said to the user when it is given. */
  readonly note?: string;
}

/** The documented parameters of one parameter group family. */
export interface FamilyCatalog {
  /** The page that documents them. */
  readonly source: string;
  readonly parameters: Readonly<Record<string, ParameterSpec>>;
  /** Names the family no longer has, with what the docs say instead. */
  readonly removed: Readonly<Record<string, string>>;
  /** Former names and the name that replaced them. */
  readonly renamed: Readonly<Record<string, string>>;
}

// Terse constructors so the catalog files read as tables. A parameter is modifiable and applies
// immediately unless its row says otherwise.
const base = (type: ParameterType, o: Partial<ParameterSpec>): ParameterSpec =>
  ({ type, modifiable: 'yes', applies: 'immediately', ...o });

/** An integer parameter. */
export const int = (o: Partial<ParameterSpec> = {}) => base('integer', o);
/** A decimal parameter. */
export const float = (o: Partial<ParameterSpec> = {}) => base('float', o);
/** A free string parameter. */
export const str = (o: Partial<ParameterSpec> = {}) => base('string', o);
/** A parameter that takes one of the listed values. */
export const oneOf = (values: readonly string[], o: Partial<ParameterSpec> = {}) => base('enum', { values, ...o });
/** A Valkey / Redis OSS boolean: `yes` or `no`. */
export const yesNo = (o: Partial<ParameterSpec> = {}) => base('boolean', { values: ['yes', 'no'], ...o });
/** A Memcached boolean: `0` or `1`. */
export const zeroOne = (o: Partial<ParameterSpec> = {}) => base('boolean', { values: ['0', '1'], ...o });
/** A parameter ElastiCache lists but does not let a custom group change. */
export const fixed = (type: ParameterType, note?: string, o: Partial<ParameterSpec> = {}) =>
  base(type, { modifiable: 'no', applies: undefined, note, ...o });

/** What a newer engine version changes in the family it builds on. */
export interface FamilyChange {
  readonly source?: string;
  /** New parameters, and parameters whose row changed (the new row replaces the old). */
  readonly add?: Readonly<Record<string, ParameterSpec>>;
  /** Parameters taken away, with what the docs say about it. */
  readonly remove?: Readonly<Record<string, string>>;
  /** Former name → new name; the new name's row must be in `add`. */
  readonly rename?: Readonly<Record<string, string>>;
}

/** The family a version builds on, with that version's changes applied (the docs list only changes). */
export function extend(from: FamilyCatalog, change: FamilyChange): FamilyCatalog {
  const parameters: Record<string, ParameterSpec> = { ...from.parameters, ...change.add };
  const removed: Record<string, string> = { ...from.removed };
  const renamed: Record<string, string> = { ...from.renamed };
  for (const [oldName, newName] of Object.entries(change.rename ?? {})) {
    delete parameters[oldName];
    renamed[oldName] = newName;
  }
  for (const [name, reason] of Object.entries(change.remove ?? {})) {
    delete parameters[name];
    removed[name] = reason;
    // A former name of a removed parameter is gone as well.
    for (const [oldName, newName] of Object.entries(renamed)) {
      if (newName === name) {
        delete renamed[oldName];
        removed[oldName] = reason;
      }
    }
  }
  return { source: change.source ?? from.source, parameters, removed, renamed };
}

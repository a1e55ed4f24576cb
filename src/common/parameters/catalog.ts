import { MEMCACHED1_6 } from './memcached';
import { FamilyCatalog } from './parameter-types';
import { REDIS6 } from './redis6';
import { REDIS7, VALKEY7 } from './redis7';
import { VALKEY8, VALKEY9 } from './valkey';

/** The parameter group families this library emits, with their documented parameters. */
const FAMILIES: Readonly<Record<string, FamilyCatalog>> = {
  'redis6.x': REDIS6,
  'redis7': REDIS7,
  'valkey7': VALKEY7,
  'valkey8': VALKEY8,
  'valkey9': VALKEY9,
  'memcached1.6': MEMCACHED1_6,
};

/** The catalog of a parameter group family, or undefined for a family it does not hold. */
export function familyCatalog(family: string): FamilyCatalog | undefined {
  return Object.prototype.hasOwnProperty.call(FAMILIES, family) ? FAMILIES[family] : undefined;
}

/** The families the catalog holds. */
export function catalogFamilies(): string[] {
  return Object.keys(FAMILIES);
}

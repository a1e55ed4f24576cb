export { parameterFailures } from './check';
export { familyCatalog, catalogFamilies } from './catalog';
export type { FamilyCatalog, ParameterSpec, ParameterType, Modifiable, Applies } from './parameter-types';

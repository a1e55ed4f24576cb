import { CacheDependencyError } from './errors';

/**
 * Loads an AWS SDK package at run time, so the SDK is never bundled into this package and apps
 * that don't use the AWS helpers don't need it installed. The specifier is a variable, so
 * bundlers leave it alone. It is CommonJS `require` (what `await import()` compiles to in this
 * CommonJS build anyway) because it stays inside a test runner's module registry: a native
 * `import()` would load a second copy of the SDK that aws-sdk-client-mock cannot see.
 */
export async function loadSdk<T>(packageName: string, purpose: string): Promise<T> {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(packageName) as T;
  } catch (err) {
    if (isModuleNotFound(err, packageName)) throw new CacheDependencyError(packageName, purpose, err);
    throw err;
  }
}

/** True only when the package itself is missing, not when it fails while loading. */
export function isModuleNotFound(err: unknown, packageName: string): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return (code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND') && String((err as Error).message).includes(packageName);
}

/**
 * The part of an AWS SDK v3 client these helpers use. Typed structurally so the package's public
 * types reference no AWS SDK package (apps without the SDK still type-check); any v3 client fits.
 */
export interface AwsSdkClient {
  send(command: never): Promise<unknown>;
}

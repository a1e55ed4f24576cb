/** A Node-style callback, as express-session passes them. */
export type SessionCallback<T> = (err: unknown, value?: T) => void;

/**
 * Every store method returns a promise and takes an optional callback. With a callback, the
 * outcome goes to it and the promise resolves (to `fallback` on error) instead of rejecting:
 * express-session ignores returned promises, so a rejection would be unhandled and crash the
 * process.
 */
export function settle<T>(work: Promise<T>, callback: SessionCallback<T> | undefined, fallback: T): Promise<T> {
  if (callback === undefined) return work;
  return work.then((value) => {
    callback(null, value);
    return value;
  }, (err: unknown) => {
    callback(err);
    return fallback;
  });
}

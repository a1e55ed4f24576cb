/**
 * A logger with pino-style methods, `(fields, message)`: pino, bunyan and `console` fit as they
 * are. A logger that takes the message first (winston) needs a two-line adapter (see README).
 */
export interface CacheLogger {
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
  debug?(fields: Record<string, unknown>, message: string): void;
}

/** How often one kind of failure is logged at most. */
const EVERY_MS = 60_000;
/** Kinds tracked at most (they are few: a store operation, an event name); beyond that, reset. */
const MAX_KINDS = 1_000;

/**
 * The default logger: Node's channel for a library's warnings. It prints to stderr (not to the
 * app's stdout logs), once per message with the process id, can be observed
 * (`process.on('warning')`) and silenced (`--no-warnings`) without touching the app's logging;
 * write-behind reports its failures the same way. The message only, not the error object:
 * `emitWarning` refuses errors from other realms (vm, jest).
 */
export const WARNING_LOGGER: CacheLogger = {
  warn: (_fields, message) => process.emitWarning(message, 'CacheWarning'),
  error: (_fields, message) => process.emitWarning(message, 'CacheWarning'),
};

class Window {
  suppressed = 0;
  constructor(public until: number) {}
}

/**
 * Logs the first event of each kind, then at most one per minute per kind with the number left
 * out since, so an outage is one warning a minute, not one per request.
 */
export class ThrottledLog {
  private readonly windows = new Map<string, Window>();

  constructor(public readonly logger: CacheLogger, private readonly clock: () => number) {}

  warn(kind: string, fields: Record<string, unknown>, message: string): void {
    this.write(kind, fields, message, false);
  }

  error(kind: string, fields: Record<string, unknown>, message: string): void {
    this.write(kind, fields, message, true);
  }

  /** Not throttled: for rare state changes worth a trace (a circuit closing). */
  debug(fields: Record<string, unknown>, message: string): void {
    this.call(() => this.logger.debug?.(fields, message));
  }

  private write(kind: string, fields: Record<string, unknown>, message: string, error: boolean): void {
    const now = this.clock();
    const window = this.windows.get(kind);
    if (window !== undefined && now < window.until) {
      window.suppressed++;
      return;
    }
    const suppressed = window?.suppressed ?? 0;
    if (window === undefined) {
      if (this.windows.size >= MAX_KINDS) this.windows.clear();
      this.windows.set(kind, new Window(now + EVERY_MS));
    } else {
      window.until = now + EVERY_MS;
      window.suppressed = 0;
    }
    const text = `${message} (logged at most once a minute${suppressed > 0 ? `; ${suppressed} more since the last time` : ''})`;
    const all = suppressed > 0 ? { ...fields, suppressed } : fields;
    this.call(() => (error ? this.logger.error(all, text) : this.logger.warn(all, text)));
  }

  private call(log: () => void): void {
    try {
      log();
    } catch {
      // a failing logger must not turn an absorbed failure into a failed cache call
    }
  }
}

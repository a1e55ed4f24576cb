/**
 * A circuit breaker: after `threshold` consecutive failures the circuit opens and calls fail
 * fast for `coolDownMs`; then one call is let through as a probe (half-open). The probe's success
 * closes the circuit, its failure opens it for another cool-down. While the probe runs, other
 * calls keep failing fast.
 *
 * The hot path costs one field read (`openUntil !== 0`) and, on success, one field write.
 */
export class CircuitBreaker {
  /** 0 while closed; otherwise when the current open period ends (ms since epoch). */
  public openUntil = 0;
  private failures = 0;

  constructor(
    private readonly threshold: number,
    private readonly coolDownMs: number,
    /** Told when the circuit opens or closes, with the call that opened or closed it. */
    private readonly onChange: (open: boolean, op: string | undefined, key: string | undefined) => void,
  ) {}

  public get isOpen(): boolean {
    return this.openUntil !== 0;
  }

  /** With the circuit open: true when this call may go through as the probe. */
  public admit(): boolean {
    const now = Date.now();
    if (now < this.openUntil) return false;
    this.openUntil = now + this.coolDownMs; // others fail fast while the probe runs
    return true;
  }

  public success(op?: string, key?: string): void {
    this.failures = 0;
    if (this.openUntil !== 0) { // the probe (or a late answer) succeeded
      this.openUntil = 0;
      this.onChange(false, op, key);
    }
  }

  /** `count`: calls that failed together (GETs coalesced into one MGET count as the calls they were). */
  public failure(count = 1, op?: string, key?: string): void {
    if (this.threshold <= 0) return;
    this.failures += count;
    if (this.failures >= this.threshold) {
      const wasOpen = this.openUntil !== 0;
      this.openUntil = Date.now() + this.coolDownMs;
      if (!wasOpen) this.onChange(true, op, key);
    }
  }
}

/**
 * What the Cache stores for one key when it needs more than the value: a logical expiry
 * (`staleAt`, for grace / stale-while-revalidate) and the versions of the entry's tags.
 *
 * Entries without grace or tags are stored as the bare value, so the common case pays for no
 * wrapper: a reader tells the two apart with `instanceof LiveEntry` (the class is internal, so no
 * user value can be one).
 */
export class LiveEntry<T = unknown> {
  constructor(
    public readonly value: T,
    /** Wall-clock ms after which the value is stale (served only within grace); 0: never. */
    public readonly staleAt: number,
    /** Tag → version seen when the value was written; the entry is valid while they still match. */
    public readonly tags: Readonly<Record<string, string>> | undefined,
  ) {}
}

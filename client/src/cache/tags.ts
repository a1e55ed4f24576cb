import { CacheStore } from '../store';

/**
 * Tags over any CacheStore, without server-side sets: each tag has a version string stored at
 * `<namespace>:__tag:<tag>`. A tagged entry records the versions it saw when written;
 * `deleteByTag` writes a new version, so every entry that recorded the old one is invalid from
 * then on (and expires on its own TTL). Nothing is scanned or deleted.
 *
 * Cost: a tagged write reads its tags' versions (one `getMany`, plus an `add` the first time a
 * tag is used); a tagged read checks them (one `getMany` round trip, also for L1 hits). Untagged
 * entries pay nothing. `deleteByTag` is one `set`.
 *
 * A missing version key counts as "invalidated", never as "valid": the first writer creates
 * it, so an evicted or expired version key can only cause misses, not resurrect old entries.
 */
export class TagVersions {
  constructor(
    private readonly store: CacheStore,
    private readonly prefix: string,
    private readonly newVersion: () => string,
  ) {}

  key(tag: string): string {
    return `${this.prefix}__tag:${tag}`;
  }

  /** Current versions of `tags`, creating the missing ones. Rejects when the store fails. */
  async current(tags: readonly string[]): Promise<Record<string, string>> {
    const keys = tags.map((tag) => this.key(tag));
    const values = await this.store.getMany(keys);
    const versions: Record<string, string> = {};
    for (let i = 0; i < tags.length; i++) {
      let version = values[i] === undefined ? undefined : String(values[i]);
      if (version === undefined) {
        const fresh = this.newVersion();
        // add, not set: two writers creating the same tag must agree on one version.
        version = await this.store.add(keys[i], fresh, 0) ? fresh : String(await this.store.get(keys[i]) ?? fresh);
      }
      versions[tags[i]] = version;
    }
    return versions;
  }

  /** True while every recorded version is still current. Rejects when the store fails. */
  async valid(recorded: Readonly<Record<string, string>>): Promise<boolean> {
    const tags = Object.keys(recorded);
    if (tags.length === 0) return true;
    const values = await this.store.getMany(tags.map((tag) => this.key(tag)));
    for (let i = 0; i < tags.length; i++) {
      if (values[i] === undefined || String(values[i]) !== recorded[tags[i]]) return false;
    }
    return true;
  }

  /** Invalidates every entry tagged `tag`. */
  invalidate(tag: string): Promise<void> {
    return this.store.set(this.key(tag), this.newVersion(), 0);
  }
}

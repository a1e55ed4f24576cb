/** The oldest engine version ElastiCache runs on a node type, per engine, where AWS lists one. */
export interface NodeTypeMinimumVersions {
  /**
   * Oldest Valkey version.
   * @default - none listed
   */
  readonly valkey?: string;
  /**
   * Oldest Redis OSS version.
   * @default - none listed
   */
  readonly redis?: string;
  /**
   * Oldest Memcached version.
   * @default - none listed
   */
  readonly memcached?: string;
}

/** What the catalog knows of a node type. */
export interface NodeTypeInfo {
  /** Virtual CPUs. */
  readonly vcpus: number;
  /** Memory in GiB, as AWS lists it. */
  readonly memoryGiB: number;
  /** Network performance, as AWS lists it. */
  readonly network: string;
  /** Has an SSD for data tiering (r6gd). */
  readonly dataTiering?: boolean;
  /** Burstable (t-family): CPU credits. */
  readonly burstable?: boolean;
  /** Offered for Memcached. */
  readonly memcached: boolean;
  /** Offered for Redis OSS. */
  readonly redis: boolean;
  /** Offered for Valkey. */
  readonly valkey: boolean;
  /**
   * The oldest engine version per engine that runs on this node type.
   * @default - none listed
   */
  readonly minimumVersions?: NodeTypeMinimumVersions;
  /** Previous generation: existing clusters keep running, but ElastiCache creates no new ones (T2). */
  readonly previousGeneration?: boolean;
  /**
   * The node type for distributed key-value caching (`cache.i8ge.48xlarge`), which has its own
   * cluster requirements: no replicas, one Availability Zone, TLS required, no snapshots.
   * @default false
   */
  readonly distributedKvCaching?: boolean;
  /**
   * The documents the figures come from.
   * @default - none given (every entry of the library's catalog has them)
   */
  readonly sources?: string[];
}

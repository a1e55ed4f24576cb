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
  /** Offered for Valkey / Redis OSS. */
  readonly redis: boolean;
  /** Previous generation: existing clusters keep running, but ElastiCache creates no new ones (T2). */
  readonly previousGeneration?: boolean;
}

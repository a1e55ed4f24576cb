/** The IP protocols a node-based cache accepts connections on. */
export enum CacheNetworkType {
  /** IPv4 only. */
  IPV4 = 'ipv4',
  /** IPv6 only: the subnets must be IPv6-only. */
  IPV6 = 'ipv6',
  /** IPv4 and IPv6: the subnets must have both an IPv4 and an IPv6 CIDR. */
  DUAL_STACK = 'dual_stack',
}

/** The IP version the cache's discovery protocol advertises for its nodes. */
export enum CacheIpDiscovery {
  /** IPv4 addresses. */
  IPV4 = 'ipv4',
  /** IPv6 addresses. */
  IPV6 = 'ipv6',
}

/**
 * Real-server test harness: starts `redis-server` processes (standalone, primary + replicas, a
 * cluster; TLS, requirepass, ACL users) on free loopback ports in temp directories, and makes
 * sure none outlives the run. Start topologies in `beforeAll` and stop them in `afterAll`.
 */
export { startRedis, startReplicated, startCluster, RedisServer, RedisClusterServers, waitFor, sleep, parseClusterNodes } from './redis';
export type { RedisServerOptions, ReplicatedRedis, AclUser, ClusterNodeInfo } from './redis';
export { makeTlsFiles } from './tls';
export type { TlsFiles } from './tls';
export { freePort } from './ports';
export { TcpProxy } from './proxy';
export { adminCommand, parseInfo, RespError } from './resp';
export type { AdminTarget, Reply } from './resp';
export { harnessRoot, spawnTracked, killProcess, liveProcessCount } from './processes';

import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { liveProcessCount, startCluster, startRedis, startReplicated, waitFor } from './index';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('real-server harness', () => {
  test('standalone, replicated and cluster topologies start and stop without leaking processes', async () => {
    const before = liveProcessCount();
    const standalone = await startRedis();
    expect(await standalone.command('PING')).toBe('PONG');
    const replicated = await startReplicated({ replicas: 1 });
    expect((await replicated.replicas[0].info('replication')).master_link_status).toBe('up');
    const cluster = await startCluster({ shards: 3, replicasPerShard: 0 });
    expect((await cluster.primaries()).length).toBe(3);
    const pids = [standalone, replicated.primary, ...replicated.replicas, ...cluster.nodes].map((s) => s.pid!);
    await Promise.all([standalone.destroy(), replicated.stop(), cluster.stop()]);
    expect(liveProcessCount()).toBe(before);
    for (const pid of pids) expect(alive(pid)).toBe(false);
  });

  test('servers die with the process that started them, even when it is SIGKILLed', async () => {
    const script = "require('./index').startRedis().then((s) => { console.log('PID ' + s.pid); setInterval(() => undefined, 1000); })";
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], {
      cwd: __dirname,
      env: { ...process.env, TS_NODE_PROJECT: join(__dirname, '..', '..', '..', 'test', 'tsconfig.json') },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout!.on('data', (data) => {
      output += String(data);
    });
    await waitFor('the child to start a server', 60_000, () => /PID \d+/.test(output));
    const pid = Number(/PID (\d+)/.exec(output)![1]);
    expect(alive(pid)).toBe(true);
    child.kill('SIGKILL'); // no exit hooks run: the watchdog has to do it
    await waitFor('the orphaned redis-server to be killed', 10_000, () => !alive(pid));
  });
});

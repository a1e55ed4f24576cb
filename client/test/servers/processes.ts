import { ChildProcess, spawn, SpawnOptions } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Every server process the harness starts, so none outlives the test run:
 * - `stop()`/`kill()` from the tests (afterAll, which jest runs even when tests fail);
 * - a process 'exit' hook that SIGKILLs whatever is left;
 * - a watchdog shell that SIGKILLs them when this process dies without running its hooks
 *   (jest killing a worker, SIGKILL, a crash).
 */
const live = new Set<ChildProcess>();
let root: string | undefined;
let pidFile: string | undefined;
let watchdog: ChildProcess | undefined;

/** A temp directory for this process's servers, removed on exit. */
export function harnessRoot(): string {
  if (root === undefined) {
    root = mkdtempSync(join(tmpdir(), 'cdk-ec-servers-'));
    pidFile = join(root, 'pids');
    writeFileSync(pidFile, '');
    process.once('exit', cleanUpSync);
  }
  return root;
}

/** Spawns a tracked process (stdio to `logFile` or ignored). */
export function spawnTracked(command: string, args: string[], options: SpawnOptions = {}): ChildProcess {
  harnessRoot();
  startWatchdog();
  const child = spawn(command, args, { stdio: 'ignore', ...options });
  live.add(child);
  writePids();
  child.once('exit', () => {
    live.delete(child);
    writePids();
  });
  return child;
}

/** Sends `signal` and waits (bounded) until the process is gone. */
export async function killProcess(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL', timeoutMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve();
    }, timeoutMs);
  });
  await Promise.race([exited, timeout]);
  clearTimeout(timer);
  await exited;
}

/** How many tracked processes are running (tests assert none leak). */
export function liveProcessCount(): number {
  return live.size;
}

function writePids(): void {
  if (pidFile === undefined) return;
  try {
    writeFileSync(pidFile, [...live].map((c) => c.pid).filter((p) => p !== undefined).join('\n') + '\n');
  } catch {
    // the directory is gone: we are exiting
  }
}

function startWatchdog(): void {
  if (watchdog !== undefined || root === undefined || pidFile === undefined) return;
  // Polls this process once a second; when it is gone, kills the listed servers and removes the
  // temp directory. Detached, so it survives (and outlives) this process's death.
  const script = `while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done; `
    + `for p in $(cat '${pidFile}' 2>/dev/null); do kill -9 "$p" 2>/dev/null; done; rm -rf '${root}'`;
  watchdog = spawn('sh', ['-c', script], { stdio: 'ignore', detached: true });
  watchdog.unref();
}

function cleanUpSync(): void {
  for (const child of live) {
    try {
      child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
  live.clear();
  try {
    watchdog?.kill('SIGKILL');
  } catch {
    // already gone
  }
  if (root !== undefined) rmSync(root, { recursive: true, force: true });
}

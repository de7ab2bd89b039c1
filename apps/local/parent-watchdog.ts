// Node cannot ask Linux to kill a child when its parent dies (no PR_SET_PDEATHSIG), so a SIGKILLed
// `npm start` would leave DynamoDB Local's Java running. A tiny shell watches this process and,
// once it is gone, stops the child: SIGTERM, then SIGKILL 5 s later.
import { spawn } from 'node:child_process';

export interface Watchdog { stop(): void }

export function killWithParent(childPid: number): Watchdog {
  const script = `while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done; kill -TERM ${childPid} 2>/dev/null; sleep 5; kill -KILL ${childPid} 2>/dev/null`;
  const watcher = spawn('sh', ['-c', script], { stdio: 'ignore' });
  watcher.on('error', () => { /* no sh here: the pid file still lets the next start clean up */ });
  watcher.unref();
  return { stop: () => { watcher.kill('SIGKILL'); } };
}

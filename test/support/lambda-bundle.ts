// Runs a built function bundle as Lambda would: a fresh `node` process imports index.mjs and
// calls `handler(event, context)` once. Returns the result and the timings (import; first event).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);
const MARK = '\n@@bundle-result@@';

// Plain ESM (no tsx loader in the child, so the timing is the bundle's own).
const RUNNER = `
import { pathToFileURL } from 'node:url';
const [bundle] = process.argv.slice(1);
const event = JSON.parse(process.env.BUNDLE_EVENT);
const context = {
  functionName: 'bundle', functionVersion: '$LATEST', invokedFunctionArn: 'arn:aws:lambda:local:0:function:bundle',
  memoryLimitInMB: '1024', awsRequestId: 'req-1', logGroupName: 'local', logStreamName: 'local',
  callbackWaitsForEmptyEventLoop: true, getRemainingTimeInMillis: () => 30000,
  done() {}, fail() {}, succeed() {},
};
const t0 = performance.now();
const mod = await import(pathToFileURL(bundle).href);
const t1 = performance.now();
const result = await mod.handler(event, context);
const t2 = performance.now();
// Exit only once the pipe has taken everything (a large body would be cut off otherwise).
process.stdout.write(${JSON.stringify(MARK)} + JSON.stringify({ result, importMs: t1 - t0, firstEventMs: t2 - t1 }) + '\\n', () => process.exit(0));
`;

export interface BundleRun<R = unknown> {
  result: R;
  importMs: number;
  firstEventMs: number;
  /** Spawn to exit of the whole node process (runtime start included). */
  processMs: number;
}

export async function invokeBundle<R = unknown>(bundle: string, event: unknown, env: Record<string, string>): Promise<BundleRun<R>> {
  const started = performance.now();
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', RUNNER, bundle], {
    env: { PATH: process.env.PATH ?? '', ...env, BUNDLE_EVENT: JSON.stringify(event) },
    maxBuffer: 16 * 1024 * 1024,
    timeout: 120_000,
  });
  const processMs = performance.now() - started;
  const at = stdout.lastIndexOf(MARK);
  if (at < 0) throw new Error(`bundle printed no result:\n${stdout}`);
  return { ...(JSON.parse(stdout.slice(at + MARK.length)) as Omit<BundleRun<R>, 'processMs'>), processMs };
}

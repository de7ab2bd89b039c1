// Runs a built function bundle as Lambda would: a fresh `node` process imports index.mjs and
// calls `handler(event, context)` — once (invokeBundle, with the timings: import; first event),
// or for several events in turn, like one warm instance (invokeBundleSeries).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);
const MARK = '\n@@bundle-result@@';

// Plain ESM (no tsx loader in the child, so the timing is the bundle's own).
const RUNNER = `
import { pathToFileURL } from 'node:url';
const [bundle] = process.argv.slice(1);
const events = JSON.parse(process.env.BUNDLE_EVENTS);
const context = (i) => ({
  functionName: 'bundle', functionVersion: '$LATEST', invokedFunctionArn: 'arn:aws:lambda:local:0:function:bundle',
  memoryLimitInMB: '1024', awsRequestId: 'req-' + (i + 1), logGroupName: 'local', logStreamName: 'local',
  callbackWaitsForEmptyEventLoop: true, getRemainingTimeInMillis: () => 30000,
  done() {}, fail() {}, succeed() {},
});
const t0 = performance.now();
const mod = await import(pathToFileURL(bundle).href);
const t1 = performance.now();
const results = [];
let t2 = t1;
for (const [i, event] of events.entries()) {
  results.push(await mod.handler(event, context(i)));
  if (i === 0) t2 = performance.now();
}
// Exit only once the pipe has taken everything (a large body would be cut off otherwise).
process.stdout.write(${JSON.stringify(MARK)} + JSON.stringify({ results, importMs: t1 - t0, firstEventMs: t2 - t1 }) + '\\n', () => process.exit(0));
`;

export interface BundleRun<R = unknown> {
  result: R;
  importMs: number;
  firstEventMs: number;
  /** Spawn to exit of the whole node process (runtime start included). */
  processMs: number;
}

async function runEvents<R>(bundle: string, events: readonly unknown[], env: Record<string, string>) {
  const started = performance.now();
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', RUNNER, bundle], {
    // Nothing of this process's environment but PATH: the bundle sees what Lambda would give it.
    env: { PATH: process.env.PATH ?? '', ...env, BUNDLE_EVENTS: JSON.stringify(events) },
    maxBuffer: 64 * 1024 * 1024,
    timeout: 120_000,
  });
  const processMs = performance.now() - started;
  const at = stdout.lastIndexOf(MARK);
  if (at < 0) throw new Error(`bundle printed no result:\n${stdout}`);
  const parsed = JSON.parse(stdout.slice(at + MARK.length)) as { results: R[]; importMs: number; firstEventMs: number };
  return { ...parsed, processMs };
}

export async function invokeBundle<R = unknown>(bundle: string, event: unknown, env: Record<string, string>): Promise<BundleRun<R>> {
  const { results, ...timings } = await runEvents<R>(bundle, [event], env);
  return { result: results[0]!, ...timings };
}

/** The events handled in turn by ONE process (one warm instance); their results in order. */
export async function invokeBundleSeries<R = unknown>(bundle: string, events: readonly unknown[], env: Record<string, string>): Promise<R[]> {
  return (await runEvents<R>(bundle, events, env)).results;
}

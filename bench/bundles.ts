// npm run bench:bundles — each function bundled by buildBundle (lib/infra/bundling.ts, what the
// CDK asset is built with): bundle size raw and gzip, what the biggest packages add, and the cold
// start of the bundle (fresh node process: import + first handled event; median of RUNS runs)
// against DynamoDB Local, the API reading its secrets from a fake Secrets Manager as deployed.
// Budgets: api ≤ 1 MB, deliver-notices ≤ 600 KB (clear carries the engine: no budget); cold ≤ 300 ms.
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { buildBundle, type BuiltBundle } from '../lib/infra/bundling';
import { baseEnvironment } from '../lib/infra/broker-function';
import { FUNCTION_SPECS, type FunctionName } from '../lib/infra/function-specs';
import { stageConfig } from '../lib/infra/stage-config';
import { ensureTable } from '../lib/store/create-table';
import { LOCAL_AWS_ENV, startDynamoDbLocal } from '../apps/local/dynamodb-local';
import { apiGatewayEvent } from '../test/support/api-gateway-event';
import { invokeBundle } from '../test/support/lambda-bundle';
import { startFakeSecretsManager } from '../test/support/fake-secrets-manager';

const BOOTSTRAP_ARN = 'arn:aws:secretsmanager:local:000000000000:secret:bootstrap-AbCdEf';
const SESSION_ARN = 'arn:aws:secretsmanager:local:000000000000:secret:session-AbCdEf';

const RUNS = Number(process.env.RUNS ?? 7);
const MB = 1024 * 1024;
const BUDGET_BYTES: Record<FunctionName, number | undefined> = { api: 1 * MB, clear: undefined, deliverNotices: 600 * 1024 };
const BUDGET_COLD_MS = 300;

/** The first event each function handles in Lambda. */
const FIRST_EVENT: Record<FunctionName, unknown> = {
  api: apiGatewayEvent({ path: '/health' }),
  clear: {},
  deliverNotices: {},
};

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Output bytes per npm package (or "app" for project sources), biggest first. */
function packages(built: BuiltBundle): [string, number][] {
  const totals = new Map<string, number>();
  for (const output of Object.values(built.metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
      const name = match ? match[1]! : 'app';
      totals.set(name, (totals.get(name) ?? 0) + bytesInOutput);
    }
  }
  return [...totals].sort((a, b) => b[1] - a[1]);
}

async function main(): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const root = mkdtempSync(join(tmpdir(), 'broker-bundles-'));
  const ddb = await startDynamoDbLocal();
  const secrets = await startFakeSecretsManager({ [BOOTSTRAP_ARN]: 'bench-bootstrap-key-0123456789abcdef', [SESSION_ARN]: 's'.repeat(64) });
  try {
    const tableName = 'bench-bundles';
    const client = new DynamoDBClient({ endpoint: ddb.endpoint, region: LOCAL_AWS_ENV.AWS_REGION, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    await ensureTable(client, tableName);
    client.destroy();
    const env = {
      ...baseEnvironment(stageConfig('dev')),
      ...LOCAL_AWS_ENV,
      LOG_LEVEL: 'ERROR',
      TABLE_NAME: tableName,
      DYNAMODB_ENDPOINT: ddb.endpoint,
      BROKER_BOOTSTRAP_KEY_SECRET_ARN: BOOTSTRAP_ARN,
      BROKER_SESSION_SECRET_ARN: SESSION_ARN,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.url,
      POWERTOOLS_METRICS_DISABLED: 'true',
      CLEARING_TIME_LIMIT_S: '60',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    };

    console.log(`bundles — ${new Date().toISOString()} — ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, ${RUNS} cold runs each`);
    const rows: string[] = [];
    for (const name of Object.keys(FUNCTION_SPECS) as FunctionName[]) {
      const spec = FUNCTION_SPECS[name];
      const outdir = join(root, name);
      const built = await buildBundle(spec.entry, outdir, spec.assets);
      const code = readFileSync(built.outfile);
      const assets = readdirSync(outdir).filter((f) => !f.startsWith('index.mjs'));
      const assetBytes = assets.reduce((sum, f) => sum + statSync(join(outdir, f)).size, 0);
      const assetGzip = assets.reduce((sum, f) => sum + gzipSync(readFileSync(join(outdir, f))).length, 0);
      const timings = [];
      for (let i = 0; i < RUNS; i++) {
        timings.push(await invokeBundle(built.outfile, FIRST_EVENT[name], { ...env, AWS_LAMBDA_FUNCTION_NAME: name, AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(spec.memorySize) }));
      }
      const importMs = median(timings.map((t) => t.importMs));
      const eventMs = median(timings.map((t) => t.firstEventMs));
      const coldMs = median(timings.map((t) => t.importMs + t.firstEventMs));
      const processMs = median(timings.map((t) => t.processMs));
      const budget = BUDGET_BYTES[name];
      const sizeOk = budget === undefined || code.length <= budget;
      const top = packages(built).slice(0, 4).map(([pkg, bytes]) => `${pkg} ${kb(bytes)}`).join(', ');
      console.log(`\n${name} (${spec.entry})`);
      console.log(`  index.mjs ${kb(code.length)} raw, ${kb(gzipSync(code).length)} gzip${budget === undefined ? '' : sizeOk ? ` (budget ${kb(budget)})` : `  OVER THE ${kb(budget)} BUDGET`}`);
      if (assets.length > 0) console.log(`  + ${assets.join(', ')}: ${kb(assetBytes)} raw, ${kb(assetGzip)} gzip (loaded at run time, outside the JS bundle)`);
      console.log(`  biggest inputs: ${top}`);
      console.log(`  cold: import ${importMs.toFixed(0)} ms + first event ${eventMs.toFixed(0)} ms = ${coldMs.toFixed(0)} ms (median)${coldMs <= BUDGET_COLD_MS ? '' : '  OVER 300 MS BUDGET'}; whole node process ${processMs.toFixed(0)} ms`);
      rows.push(`| ${name} | ${kb(code.length)} | ${kb(gzipSync(code).length)} | ${assets.length ? `${assets.join(', ')} ${kb(assetBytes)} (${kb(assetGzip)} gzip)` : '—'} | ${importMs.toFixed(0)} | ${eventMs.toFixed(0)} | ${coldMs.toFixed(0)} | ${processMs.toFixed(0)} |`);
    }
    console.log('\n| function | index.mjs | gzip | extra files | import ms | first event ms | cold ms | node process ms |');
    console.log('|---|---:|---:|---|---:|---:|---:|---:|');
    for (const row of rows) console.log(row);
  } finally {
    await secrets.close();
    await ddb.stop();
    rmSync(root, { recursive: true, force: true });
  }
}

await main();

// The API bundle as deployed: built with the construct's esbuild options (lib/infra/bundling.ts),
// imported by a fresh node process and called with an API Gateway HTTP API v2 event, against
// DynamoDB Local, with the environment the construct gives the function.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildBundle } from '../../lib/infra/bundling';
import { baseEnvironment } from '../../lib/infra/broker-function';
import { FUNCTION_SPECS } from '../../lib/infra/function-specs';
import { stageConfig } from '../../lib/infra/stage-config';
import { LOCAL_AWS_ENV } from '../../apps/local/dynamodb-local';
import { apiGatewayEvent } from '../support/api-gateway-event';
import { createTestTable, type TestTable } from '../support/dynamodb';
import { invokeBundle } from '../support/lambda-bundle';
import { startFakeSecretsManager, type FakeSecretsManager } from '../support/fake-secrets-manager';

const BOOTSTRAP_ARN = 'arn:aws:secretsmanager:local:000000000000:secret:bootstrap-AbCdEf';
const SESSION_ARN = 'arn:aws:secretsmanager:local:000000000000:secret:session-AbCdEf';
const BOOTSTRAP_KEY = 'bundle-test-bootstrap-key-0123456789';

interface HttpResult {
  statusCode: number;
  headers?: Record<string, string>;
  body?: string;
}

describe('API bundle (functions/api.ts built as the construct builds it)', () => {
  let outdir: string;
  let bundle: string;
  let table: TestTable;
  let env: Record<string, string>;
  let secrets: FakeSecretsManager;

  beforeAll(async () => {
    outdir = mkdtempSync(join(tmpdir(), 'broker-api-bundle-'));
    bundle = (await buildBundle(FUNCTION_SPECS.api.entry, outdir, FUNCTION_SPECS.api.assets)).outfile;
    table = await createTestTable('api-bundle');
    secrets = await startFakeSecretsManager({ [BOOTSTRAP_ARN]: BOOTSTRAP_KEY, [SESSION_ARN]: 's'.repeat(64) });
    env = {
      ...baseEnvironment(stageConfig('dev')),
      ...LOCAL_AWS_ENV,
      TABLE_NAME: table.tableName,
      DYNAMODB_ENDPOINT: table.endpoint,
      // As the template gives them: ARNs only; the bundle reads the values at run time.
      BROKER_BOOTSTRAP_KEY_SECRET_ARN: BOOTSTRAP_ARN,
      BROKER_SESSION_SECRET_ARN: SESSION_ARN,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.url,
      AWS_LAMBDA_FUNCTION_NAME: 'api',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    };
  });

  afterAll(async () => {
    await table?.drop();
    await secrets?.close();
    if (outdir) rmSync(outdir, { recursive: true, force: true });
  });

  it('answers GET /health with 200 and JSON', async () => {
    const { result } = await invokeBundle<HttpResult>(bundle, apiGatewayEvent({ path: '/health' }), env);
    expect(result.statusCode).toBe(200);
    expect(result.headers?.['content-type']).toMatch(/application\/json/);
    expect(() => JSON.parse(result.body ?? '')).not.toThrow();
  });

  it('reads the bootstrap key from Secrets Manager at run time: the key in the secret is the operator key', async () => {
    const me = apiGatewayEvent({ path: '/v1/me', headers: { authorization: `Bearer ${BOOTSTRAP_KEY}` } });
    const { result } = await invokeBundle<HttpResult>(bundle, me, env);
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body ?? '{}')).toMatchObject({ role: 'operator' });
    expect(secrets.reads.get(BOOTSTRAP_ARN)).toBeGreaterThan(0);
    expect(secrets.reads.get(SESSION_ARN)).toBeGreaterThan(0);
  });

  it('serves every file its own pages reference, from beside the bundle, with cache headers and types', async () => {
    // Run where nothing else is: the bundle's folder copied alone (no node_modules, no sources).
    const alone = mkdtempSync(join(tmpdir(), 'broker-api-alone-'));
    cpSync(outdir, alone, { recursive: true });
    try {
      const page = async (path: string) => (await invokeBundle<HttpResult>(join(alone, 'index.mjs'), apiGatewayEvent({ path }), env)).result;
      const docs = await page('/docs');
      const references = [...(docs.body ?? '').matchAll(/(?:href|src)="(\/docs\/assets\/[^"]+)"/g)].map((m) => m[1]!);
      const dashboard = ['/dashboard/assets/uPlot.iife.min.js', '/dashboard/assets/uPlot.min.css', '/dashboard/assets/dashboard.css', '/dashboard/assets/chart.js', '/dashboard/assets/table.js'];
      expect(references.length).toBeGreaterThanOrEqual(4);
      for (const path of [...references, ...dashboard]) {
        const asset = await page(path);
        expect(asset.statusCode, path).toBe(200);
        expect(asset.headers?.['cache-control'], path).toMatch(/max-age=\d{5,}/);
        expect(asset.headers?.['content-type'], path).toMatch(/^(text\/css|text\/javascript|image\/png)/);
      }
    } finally {
      rmSync(alone, { recursive: true, force: true });
    }
  });

  it('answers an unknown path with 404, not 500', async () => {
    const { result } = await invokeBundle<HttpResult>(bundle, apiGatewayEvent({ path: '/no-such-path' }), env);
    expect(result.statusCode).toBe(404);
  });
});

// The API bundle as deployed: built with the construct's esbuild options (lib/infra/bundling.ts),
// imported by a fresh node process and called with an API Gateway HTTP API v2 event, against
// DynamoDB Local, with the environment the construct gives the function.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
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

  beforeAll(async () => {
    outdir = mkdtempSync(join(tmpdir(), 'broker-api-bundle-'));
    bundle = (await buildBundle(FUNCTION_SPECS.api.entry, outdir, FUNCTION_SPECS.api.assets)).outfile;
    table = await createTestTable('api-bundle');
    env = {
      ...baseEnvironment(stageConfig('dev')),
      ...LOCAL_AWS_ENV,
      TABLE_NAME: table.tableName,
      DYNAMODB_ENDPOINT: table.endpoint,
      BROKER_BOOTSTRAP_KEY: 'bundle-test-bootstrap-key-0123456789',
      AWS_LAMBDA_FUNCTION_NAME: 'api',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    };
  });

  afterAll(async () => {
    await table?.drop();
    if (outdir) rmSync(outdir, { recursive: true, force: true });
  });

  it('answers GET /health with 200 and JSON', async () => {
    const { result } = await invokeBundle<HttpResult>(bundle, apiGatewayEvent({ path: '/health' }), env);
    expect(result.statusCode).toBe(200);
    expect(result.headers?.['content-type']).toMatch(/application\/json/);
    expect(() => JSON.parse(result.body ?? '')).not.toThrow();
  });

  it('answers an unknown path with 404, not 500', async () => {
    const { result } = await invokeBundle<HttpResult>(bundle, apiGatewayEvent({ path: '/no-such-path' }), env);
    expect(result.statusCode).toBe(404);
  });
});

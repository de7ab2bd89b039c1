// What `cdk deploy` would ship, run as Lambda runs it: the app is synthesized with bundling (as
// `cdk synth` does), each function's asset folder is copied out of cdk.out ALONE (no node_modules
// beside or above it) and its index.mjs is run by fresh node processes with the environment the
// template gives the function — references resolved to local stand-ins: a DynamoDB Local table
// created from the template's table definition, secrets served by a fake Secrets Manager — plus
// the endpoints of both. Requests are real API Gateway HTTP API (v2) events.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { CreateTableCommand, DeleteTableCommand, DynamoDBClient, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { randomUUID } from 'node:crypto';
import { STATIC_ASSET_FILES } from '../../lib/dashboard/static-assets';
import { HIGHS_WASM, type FunctionName } from '../../lib/infra/function-specs';
import { LOCAL_AWS_ENV } from '../../apps/local/dynamodb-local';
import { apiGatewayEvent, type HttpRequestSpec } from '../support/api-gateway-event';
import { localEndpoint } from '../support/dynamodb';
import { startFakeSecretsManager, type FakeSecretsManager } from '../support/fake-secrets-manager';
import { invokeBundle, invokeBundleSeries } from '../support/lambda-bundle';
import { logicalIds, resolveEnvironment, synthBrokerAssembly, tableFromTemplate, type SynthesizedAssembly } from '../support/cdk-app';

interface HttpResult { statusCode: number; headers?: Record<string, string>; cookies?: string[]; body?: string; isBase64Encoded?: boolean }

const BOOTSTRAP_KEY = 'deployed-bootstrap-key-0123456789abcdef';
const SESSION_SECRET = 'deployed-session-secret-'.padEnd(64, 'x');
const ORIGIN = 'https://abc123.execute-api.us-east-1.amazonaws.com';
const HOUR = 3600_000;
const MB = 1024 * 1024;

let assembly: SynthesizedAssembly;
let secrets: FakeSecretsManager;
let ddb: DynamoDBClient;
let tableName: string;
let receiver: { url: string; requests: { headers: IncomingHttpHeaders; body: string }[]; server: Server };
const alone = {} as Record<FunctionName, string>;
const env = {} as Record<FunctionName, Record<string, string>>;
const roots: string[] = [];

const bundle = (name: FunctionName) => join(alone[name], 'index.mjs');
/** One request through the API asset, in a process of its own. */
const api = async (spec: HttpRequestSpec) => (await invokeBundle<HttpResult>(bundle('api'), apiGatewayEvent(spec), env.api)).result;
/** Several requests through ONE process of the API asset (a warm instance). */
const apiSeries = (specs: HttpRequestSpec[]) => invokeBundleSeries<HttpResult>(bundle('api'), specs.map(apiGatewayEvent), env.api);
const json = (r: HttpResult) => JSON.parse(r.body ?? 'null') as Record<string, any>;
const bearer = (key: string) => ({ authorization: `Bearer ${key}`, 'content-type': 'application/json' });
const referenced = (html: string, prefix: string) => [...new Set([...html.matchAll(/(?:href|src)="([^"]+)"/g)].map((m) => m[1]!).filter((u) => u.startsWith(prefix)))];

beforeAll(async () => {
  assembly = synthBrokerAssembly('dev');
  const secretIds = logicalIds(assembly.stateful, 'AWS::SecretsManager::Secret');
  const arnOf = (id: string) => `arn:aws:secretsmanager:local:000000000000:secret:${id}-AbCdEf`;
  const bootstrapId = secretIds.find((id) => id.startsWith('BootstrapKey'))!;
  const sessionId = secretIds.find((id) => id.startsWith('SessionSecret'))!;
  secrets = await startFakeSecretsManager({ [arnOf(bootstrapId)]: BOOTSTRAP_KEY, [arnOf(sessionId)]: SESSION_SECRET });

  tableName = `deployed-${randomUUID().slice(0, 8)}`;
  const endpoint = localEndpoint();
  ddb = new DynamoDBClient({ endpoint, region: LOCAL_AWS_ENV.AWS_REGION, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const table = tableFromTemplate(assembly.stateful, tableName);
  await ddb.send(new CreateTableCommand(table.create));
  if (table.ttl) await ddb.send(new UpdateTimeToLiveCommand(table.ttl));

  const requests: { headers: IncomingHttpHeaders; body: string }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => { body += chunk.toString('utf8'); });
    req.on('end', () => { requests.push({ headers: req.headers, body }); res.end('ok'); });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  receiver = { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, requests, server };

  const standIns = { [table.logicalId]: tableName, [bootstrapId]: arnOf(bootstrapId), [sessionId]: arnOf(sessionId) };
  for (const fn of Object.values(assembly.functions)) {
    const root = mkdtempSync(join(tmpdir(), `broker-asset-${fn.name}-`));
    roots.push(root);
    alone[fn.name] = join(root, 'function');
    cpSync(fn.assetDir, alone[fn.name], { recursive: true });
    env[fn.name] = {
      ...resolveEnvironment(assembly, fn, standIns),
      // What Lambda's runtime sets, and where the local stand-ins listen.
      ...LOCAL_AWS_ENV,
      AWS_LAMBDA_FUNCTION_NAME: fn.name,
      DYNAMODB_ENDPOINT: endpoint,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.url,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      POWERTOOLS_METRICS_DISABLED: 'true',
      LOG_LEVEL: 'ERROR',
    };
  }
  // The webhook receiver of this test listens on 127.0.0.1, which only local runs accept.
  env.api.WEBHOOK_ALLOW_PRIVATE = 'true';
  env.deliverNotices.WEBHOOK_ALLOW_PRIVATE = 'true';
}, 240_000);

afterAll(async () => {
  await ddb?.send(new DeleteTableCommand({ TableName: tableName })).catch(() => undefined);
  ddb?.destroy();
  await secrets?.close();
  await new Promise<void>((ok) => (receiver ? receiver.server.close(() => ok()) : ok()));
  for (const root of roots) rmSync(root, { recursive: true, force: true });
  assembly?.remove();
});

describe('the synthesized assets', () => {
  it('each holds index.mjs, its source map and exactly the files its spec declares, with no node_modules anywhere above the copy', () => {
    const expected: Record<FunctionName, string[]> = {
      api: STATIC_ASSET_FILES.map((f) => basename(f)),
      clear: [basename(HIGHS_WASM)],
      deliverNotices: [],
    };
    for (const name of Object.keys(expected) as FunctionName[]) {
      expect(assembly.functions[name].handler).toBe('index.handler');
      expect(readdirSync(alone[name]).sort(), name).toEqual(['index.mjs', 'index.mjs.map', ...expected[name]].sort());
      for (let dir = alone[name]; dir !== dirname(dir); dir = dirname(dir)) expect(existsSync(join(dir, 'node_modules')), dir).toBe(false);
    }
  });

  it('get only the secrets\' ARNs: no dynamic reference or secret value in the templates, and only the API gets any', () => {
    const text = JSON.stringify([assembly.stateful, assembly.stateless]);
    expect(text).not.toContain('{{resolve:secretsmanager');
    expect(text).not.toContain('"SecretString"');
    const secretVariables = (name: FunctionName) => Object.keys(assembly.functions[name].environment).filter((k) => /SECRET|BOOTSTRAP/.test(k)).sort();
    expect(secretVariables('api')).toEqual(['BROKER_BOOTSTRAP_KEY_SECRET_ARN', 'BROKER_SESSION_SECRET_ARN']);
    expect([...secretVariables('clear'), ...secretVariables('deliverNotices')]).toEqual([]);
  });

  it('keep the bundle budgets: api ≤ 1 MB, deliver-notices ≤ 600 KB of minified JavaScript', () => {
    expect(statSync(bundle('api')).size).toBeLessThanOrEqual(1 * MB);
    expect(statSync(bundle('deliverNotices')).size).toBeLessThanOrEqual(600 * 1024);
  });
});

describe('the API asset', () => {
  it('answers GET /health, reading both secrets from Secrets Manager at run time', async () => {
    const health = await api({ path: '/health' });
    expect(health.statusCode).toBe(200);
    expect(health.headers?.['content-type']).toMatch(/application\/json/);
    expect([...secrets.reads.values()].every((n) => n > 0) && secrets.reads.size).toBe(2);
    expect(json(await api({ path: '/v1/me', headers: bearer(BOOTSTRAP_KEY) }))).toMatchObject({ role: 'operator' });
    expect((await api({ path: '/no-such-path' })).statusCode).toBe(404);
  });

  it('serves /docs and every file it references, from beside the bundle, with long-cache headers and types', async () => {
    const docs = await api({ path: '/docs' });
    expect(docs.statusCode).toBe(200);
    const assets = referenced(docs.body ?? '', '/docs/');
    expect(assets.length).toBeGreaterThanOrEqual(4);
    const results = await apiSeries([...assets.map((path) => ({ path })), { path: '/openapi.json' }]);
    results.forEach((asset, i) => {
      const path = [...assets, '/openapi.json'][i]!;
      expect(asset.statusCode, path).toBe(200);
      if (path === '/openapi.json') return;
      expect(asset.headers?.['cache-control'], path).toMatch(/max-age=\d{5,}/);
      expect(asset.headers?.['content-type'], path).toMatch(/^(text\/css|text\/javascript|image\/png)/);
    });
  });
});

describe('an auction through the deployed functions', () => {
  let auctionId: string;
  let bidderKey: string;

  it('is created and bid on through the API asset; POST …/clear answers 202 with the auction to poll', async () => {
    const deliveryStart = new Date(Math.ceil((Date.now() + 48 * HOUR) / HOUR) * HOUR).toISOString();
    const gateClosure = new Date(Date.parse(deliveryStart) - 24 * HOUR).toISOString();
    const [key, auction] = await apiSeries([
      { method: 'POST', path: '/v1/keys', headers: bearer(BOOTSTRAP_KEY), body: JSON.stringify({ role: 'bidder', bidderId: 'miner-1', classes: ['mining'] }) },
      { method: 'POST', path: '/v1/auctions', headers: bearer(BOOTSTRAP_KEY), body: JSON.stringify({ zone: 'PK-NORTH', deliveryStart, intervalMinutes: 60, intervalCount: 4, gateClosure }) },
    ]);
    expect([key!.statusCode, auction!.statusCode]).toEqual([201, 201]);
    bidderKey = json(key!).key;
    auctionId = json(auction!).id;
    const [forecast, bid, webhook, clear] = await apiSeries([
      { method: 'PUT', path: `/v1/auctions/${auctionId}/forecast`, headers: bearer(BOOTSTRAP_KEY), body: JSON.stringify({ intervals: [300, 300, 250, 250].map((surplusMw) => ({ surplusMw, reservePrice: 30 })) }) },
      { method: 'POST', path: `/v1/auctions/${auctionId}/bids`, headers: bearer(bidderKey), body: JSON.stringify({ type: 'curve', from: 0, to: 4, steps: [{ mw: 80, price: 70 }] }) },
      { method: 'PUT', path: '/v1/webhook', headers: bearer(bidderKey), body: JSON.stringify({ url: receiver.url }) },
      { method: 'POST', path: `/v1/auctions/${auctionId}/clear`, headers: bearer(BOOTSTRAP_KEY), body: JSON.stringify({ force: true }) },
    ]);
    expect([forecast!.statusCode, bid!.statusCode, webhook!.statusCode], JSON.stringify([forecast, bid, webhook])).toEqual([200, 201, 200]);
    expect(clear!.statusCode, clear!.body).toBe(202);
    expect(clear!.headers?.location).toBe(`/v1/auctions/${auctionId}`);
    expect(json(clear!)).toMatchObject({ auctionId, status: 'closed', outcome: 'scheduled' });
  });

  it('is cleared by the clear asset (highs.wasm beside it); the API then serves the result', async () => {
    const tick = (await invokeBundle<{ auctions: { auctionId: string; outcome?: string }[] }>(bundle('clear'), {}, env.clear)).result;
    expect(tick.auctions).toContainEqual(expect.objectContaining({ auctionId, outcome: 'published' }));
    const [auction, result] = await apiSeries([
      { path: `/v1/auctions/${auctionId}`, headers: bearer(BOOTSTRAP_KEY) },
      { path: `/v1/auctions/${auctionId}/result`, headers: bearer(bidderKey) },
    ]);
    expect(json(auction!).status).toBe('cleared');
    expect(result!.statusCode).toBe(200);
    expect(json(result!).bids).toEqual([expect.objectContaining({ accepted: true })]);
  });

  it('a curtailment\'s notice is pushed to the bidder\'s webhook by the deliver-notices asset, signed', async () => {
    const curtail = await api({ method: 'POST', path: `/v1/auctions/${auctionId}/curtailments`, headers: bearer(BOOTSTRAP_KEY), body: JSON.stringify({ intervals: [{ index: 0, surplusMw: 20 }] }) });
    expect(curtail.statusCode, curtail.body).toBeLessThan(300);
    const summary = (await invokeBundle<{ delivered: number }>(bundle('deliverNotices'), {}, env.deliverNotices)).result;
    expect(summary.delivered).toBeGreaterThanOrEqual(1);
    expect(receiver.requests.length).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(receiver.requests[0]!.headers)).toMatch(/signature/i);
    expect(receiver.requests[0]!.body).toContain(auctionId);
  });

  describe('the dashboard', () => {
    let session: string;

    it('signs in (process 1): the form\'s token, the key checked, a sealed session cookie', async () => {
      const [form] = await apiSeries([{ path: '/dashboard/sign-in' }]);
      expect(form!.statusCode).toBe(200);
      const csrf = /name="csrf" value="([^"]+)"/.exec(form!.body ?? '')?.[1];
      const csrfCookie = (form!.cookies ?? []).map((c) => c.split(';')[0]!).join('; ');
      expect(csrf && csrfCookie).toBeTruthy();
      const signIn = await api({
        method: 'POST', path: '/dashboard/sign-in',
        headers: { origin: ORIGIN, cookie: csrfCookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ csrf: csrf!, key: BOOTSTRAP_KEY }).toString(),
      });
      expect(signIn.statusCode, signIn.body).toBe(303);
      session = (signIn.cookies ?? []).map((c) => c.split(';')[0]!).filter((c) => !c.endsWith('=')).join('; ');
      expect(session).not.toBe('');
    });

    it('opens that session in another process, and serves every file the dashboard pages reference', async () => {
      const [list, page] = await apiSeries([
        { path: '/dashboard/auctions', headers: { cookie: session } },
        { path: `/dashboard/auctions/${auctionId}`, headers: { cookie: session } },
      ]);
      expect(list!.statusCode).toBe(200);
      expect(list!.body).toContain('sign-out');
      expect(page!.statusCode).toBe(200);
      const assets = [...new Set([...referenced(list!.body ?? '', '/dashboard/assets/'), ...referenced(page!.body ?? '', '/dashboard/assets/')])];
      expect(assets).toEqual(expect.arrayContaining(['/dashboard/assets/uPlot.min.css', '/dashboard/assets/dashboard.css', '/dashboard/assets/uPlot.iife.min.js', '/dashboard/assets/chart.js']));
      const served = await apiSeries(assets.map((path) => ({ path })));
      served.forEach((asset, i) => {
        expect(asset.statusCode, assets[i]).toBe(200);
        expect(asset.headers?.['cache-control'], assets[i]).toMatch(/max-age=\d{5,}/);
        expect(asset.headers?.['content-type'], assets[i]).toMatch(/^(text\/css|text\/javascript|image\/png)/);
      });
    });
  });
});

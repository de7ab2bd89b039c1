// Red-team finding 4: a fixed-seed generative fuzz of the OpenADR 3 VTN with VALID tokens (the
// API-wide fuzz reaches /openadr3 without one; openadr3/vtn-fuzz mutates one node of a good body).
// Here whole bodies are generated — structurally close to reports and subscriptions, with odd
// numbers (subnormal, past 2^53, past DynamoDB's range), long and odd strings, long arrays, other
// JSON, other content types — plus token requests and odd query strings and ids. Every answer is
// below 500; every 4xx is the spec's body and leaves the table as it was.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthErrorSchema, OadrProblemSchema } from '../../lib/openadr/objects';
import * as v from './support/fuzz-values';
import { createLifecycleHarness, GATE, NOW, type LifecycleHarness, type Market } from './lifecycle/harness';
import { keyIdOf, venToken } from './openadr3/support';
import { tableSnapshot } from './openadr3/table-snapshot';

const SEED = 44_044;
let h: LifecycleHarness;
let m: Market;
/** Tokens of several keys per VEN, used in turn: the per-key rate limit (50/s) must not turn the fuzz into 429s. */
let pools: [string[], string[]];
let turn = 0;
const tokenOf = (who: number) => { const pool = pools[who]!; return pool[turn++ % pool.length]!; };
let keyId: string;
let eventIDs: string[];
const statuses = new Map<string, number>();

beforeAll(async () => {
  h = await createLifecycleHarness();
  h.clock.set(NOW);
  m = await h.setupAuction();
  h.clock.set(new Date(Date.parse(GATE) + 1_000));
  await h.tick();
  const keysOf = async (bidderId: string, first: string) => [first, ...await Promise.all(Array.from({ length: 5 }, async () => {
    const res = await h.call('POST', '/v1/keys', { json: { role: 'bidder', bidderId, classes: ['mining'] } });
    return ((await res.json()) as { key: string }).key;
  }))];
  pools = [
    await Promise.all((await keysOf('miner-1', m.keys['miner-1'])).map((k) => venToken(h.app, k))),
    await Promise.all((await keysOf('miner-2', m.keys['miner-2'])).map((k) => venToken(h.app, k))),
  ];
  keyId = await keyIdOf(h.app, m.keys['miner-1']);
  eventIDs = ((await (await h.app.request('/openadr3/events', { headers: { authorization: `Bearer ${tokenOf(0)}` } })).json()) as { id: string }[]).map((e) => e.id);
});
afterAll(async () => {
  const total = [...statuses.values()].reduce((a, b) => a + b, 0);
  console.log(`fuzz-openadr: ${total} requests; ${[...statuses].map(([k, n]) => `${k}×${n}`).join(' ')}`);
  await h.drop();
});

// ---- values
const oddNumber = fc.oneof(
  fc.double(), fc.integer(), fc.constantFrom(0, -0, 1e-9, 1e-10, 1e-130, 1e-131, 1e-200, 5e-324, 1e15, 1e16, 9007199254740993, 1e125, 1e126, 1e300, -1e300, 1000),
);
const oddString = fc.oneof(
  fc.string({ maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom('', 'USAGE', 'PRICE', 'KWH', 'KW', 'EVENT', 'CREATE', '__proto__', 'constructor', '\u0000', '\ud800', '😀', '../../x'),
  fc.nat(5000).map((n) => 'x'.repeat(n)),
);
const oddValue = fc.oneof(oddNumber, oddString, fc.boolean(), fc.constant(null), fc.record({ x: oddNumber, y: oddNumber }), fc.jsonValue({ maxDepth: 2 }));
const valuesMap = fc.record({ type: fc.oneof(fc.constantFrom('USAGE', 'PRICE', 'RESOURCE_NAME'), oddString), values: fc.array(oddValue, { maxLength: 60 }) }, { requiredKeys: [] });
/** Mostly the plausible value, sometimes anything: enough bodies get past the schema to reach the store. */
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.oneof({ weight: 12, arbitrary: arb }, { weight: 1, arbitrary: oddValue });
/** Lone surrogates cannot be percent-encoded: replace them (the odd string stays odd). */
const enc = (text: string) => encodeURIComponent(text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd'));
const dateTime = fc.oneof(fc.constantFrom('2026-12-01T00:00:00Z', '2026-12-01T00:15:00Z', '2026-12-01T00:07:00Z', '1970-01-01T00:00:00Z', '9999-12-31T23:59:59Z', '2026-02-30T25:61:00Z'), oddString);

// ---- bodies
/** A USAGE payload: mostly a plausible kWh, sometimes an odd number. */
const usage = fc.oneof({ weight: 24, arbitrary: fc.integer({ min: 0, max: 100_000_000 }).map((n) => n / 100) }, { weight: 1, arbitrary: oddNumber }).map((x) => ({ type: 'USAGE', values: [x] }));
/** Intervals of the auction's 8, each once (mostly), or odd ones, or far too many. */
const intervals = fc.oneof(
  { weight: 6, arbitrary: fc.uniqueArray(fc.integer({ min: 0, max: 7 }), { minLength: 1, maxLength: 8 }).chain((ids) => fc.tuple(...ids.map((id) => fc.record({ id: fc.constant(id), payloads: fc.tuple(usage) })))) },
  fc.array(fc.record({
    id: maybe(fc.integer({ min: -2, max: 10 })),
    intervalPeriod: maybe(fc.record({ start: dateTime, duration: maybe(fc.constant('PT15M')) }, { requiredKeys: [] })),
    payloads: fc.array(fc.oneof({ weight: 3, arbitrary: usage }, { weight: 1, arbitrary: valuesMap }), { maxLength: 12 }),
  }, { requiredKeys: ['id', 'payloads'] }), { maxLength: 8 }),
  fc.nat(800).map((n) => Array.from({ length: n }, (_, id) => ({ id, payloads: [{ type: 'USAGE', values: [1] }] }))),
);
const reportBody = fc.record({
  programID: maybe(fc.constantFrom('mining-PK-NORTH', 'ai-PK-NORTH')),
  eventID: fc.oneof({ weight: 10, arbitrary: fc.constant(null).map(() => eventIDs[0]!) }, fc.constantFrom('alloc-auc_x-bid_y', 'curt-a-0-b'), oddValue),
  clientName: maybe(fc.constantFrom('miner-1', 'ven-miner-1', 'miner-2')),
  reportName: maybe(fc.string({ maxLength: 20 })),
  payloadDescriptors: maybe(fc.array(fc.record({ payloadType: fc.constantFrom('USAGE', 'DEMAND'), units: maybe(fc.constantFrom('KWH', 'KWH', 'KW')), accuracy: fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 0, max: 100 }).map((n) => n / 100) }, { weight: 1, arbitrary: oddNumber }) }, { requiredKeys: ['payloadType'] }), { maxLength: 2 })),
  resources: fc.oneof(
    { weight: 4, arbitrary: fc.array(fc.record({
      resourceName: fc.oneof({ weight: 6, arbitrary: fc.constant(null).map(() => m.bids['miner-1']) }, fc.constant(null).map(() => m.bids['miner-2']), oddString),
      intervals,
    }), { minLength: 1, maxLength: 1 }) },
    fc.array(fc.record({ resourceName: oddString, intervals }), { maxLength: 3 }),
    fc.nat(120).map((n) => Array.from({ length: n }, () => ({ resourceName: m.bids['miner-1'], intervals: [] })))),
}, { requiredKeys: ['programID', 'eventID', 'clientName', 'resources'] });

const callbackUrl = fc.oneof(
  { weight: 8, arbitrary: fc.constant('https://example.com/cb') },
  fc.constantFrom('https://example.com/cb', 'http://example.com/cb', 'https://127.0.0.1/cb', 'https://[::1]/x', 'https://169.254.169.254/latest', 'javascript:alert(1)', 'https://user:pw@example.com/', 'https://example.com/#f', 'https://ex\u00e4mple.com/\u00e9'),
  fc.nat(3000).map((n) => `https://example.com/${'a'.repeat(n)}`), oddString,
);
const operation = fc.record({
  objects: maybe(fc.array(fc.constantFrom('EVENT', 'PROGRAM', 'REPORT', 'SUBSCRIPTION', 'VEN', 'RESOURCE', 'X'), { maxLength: 10 })),
  operations: maybe(fc.array(fc.constantFrom('READ', 'CREATE', 'UPDATE', 'DELETE', 'POST'), { maxLength: 6 })),
  callbackUrl, bearerToken: fc.oneof(fc.constant(null), fc.constant('t0ken'), oddString),
}, { requiredKeys: ['objects', 'operations', 'callbackUrl'] });
const subscriptionBody = fc.record({
  clientName: maybe(fc.constantFrom('miner-1', 'ven-miner-1', 'miner-2')),
  programID: maybe(fc.constantFrom('mining-PK-NORTH', 'ai-PK-NORTH', 'mining-ELSEWHERE')),
  objectOperations: fc.oneof({ weight: 8, arbitrary: fc.array(operation, { maxLength: 4 }) }, fc.array(operation, { maxLength: 12 }), fc.nat(600).map((n) => Array.from({ length: n }, () => ({ objects: ['EVENT'], operations: ['CREATE'], callbackUrl: 'https://example.com/cb', bearerToken: 'x'.repeat(100) }))), oddValue),
  targets: fc.oneof(
    { weight: 6, arbitrary: fc.array(fc.record({ type: fc.constantFrom('RESOURCE_NAME', 'X'), values: fc.array(fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.boolean()), { maxLength: 5 }) }), { maxLength: 3 }) },
    fc.array(valuesMap, { maxLength: 25 }), oddValue),
  id: maybe(fc.constant('made_up_id')), objectType: maybe(fc.constant('SUBSCRIPTION')),
}, { requiredKeys: ['clientName', 'programID', 'objectOperations'] });

/** A body as sent: JSON of a generated value, other JSON, refused texts, with a content type. */
const sent = (body: fc.Arbitrary<unknown>) => fc.tuple(
  fc.oneof({ weight: 8, arbitrary: body.map((b) => JSON.stringify(b)) }, { weight: 1, arbitrary: fc.jsonValue().map((j) => JSON.stringify(j)) }, { weight: 1, arbitrary: fc.constantFrom(...v.REFUSED_JSON_TEXT) }),
  fc.oneof({ weight: 8, arbitrary: fc.constant('application/json') }, { weight: 1, arbitrary: fc.constantFrom(...v.JSON_CONTENT_TYPES) }, { weight: 1, arbitrary: fc.constantFrom(...v.REFUSED_CONTENT_TYPES) }),
);

// ---- checks
async function send(method: string, path: string, options: { token?: string | null; body?: string; type?: string | null; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.type) headers['content-type'] = options.type;
  return h.app.request(path, { method, headers, ...(options.body !== undefined && method !== 'GET' ? { body: options.body } : {}) });
}

/** Below 500; a 4xx carries the spec's body (or the app's problem for a body past 1 MiB) and changed nothing. */
async function expectSafe(res: Response, before: string, what: string, token = false): Promise<{ status: number; text: string }> {
  const status = res.status;
  const text = await res.text();
  const label = `${what.slice(0, 300)} → ${status} ${text.slice(0, 300)}`;
  const kind = `${what.split(' ').slice(0, 2).join(' ').split('?')[0]}:${status}`;
  statuses.set(kind, (statuses.get(kind) ?? 0) + 1);
  expect(status, label).toBeLessThan(500);
  expect(status, `${label}: the fuzz spreads its requests over keys, so none is rate limited`).not.toBe(429);
  if (status >= 400) {
    const type = res.headers.get('content-type') ?? '';
    expect(type, label).toMatch(/^application\/(problem\+)?json$/);
    const body: unknown = JSON.parse(text);
    if (token) expect(AuthErrorSchema.parse(body).error, label).toBeTruthy();
    else expect(OadrProblemSchema.parse(body).status, label).toBe(status);
    expect(await tableSnapshot(h.table), `${label}: stored something`).toBe(before);
  }
  return { status, text };
}

describe('generative fuzz of the VTN', () => {
  it('POST /openadr3/auth/token: odd forms, Basic headers and content types are 4xx RFC 6749 errors', { timeout: 120_000 }, async () => {
    const field = fc.oneof(fc.constantFrom('grant_type', 'client_id', 'client_secret', 'scope', 'x'), oddString);
    const form = fc.array(fc.tuple(field, fc.oneof(fc.constantFrom('client_credentials', 'password', keyId, 'sb_wrong'), oddString)), { maxLength: 6 })
      .map((pairs) => new URLSearchParams(pairs).toString());
    const basic = fc.oneof(fc.constant(undefined), fc.constantFrom('Basic', 'Basic !!!', 'Basic Og==', `Basic ${Buffer.from(`${keyId}:sb_wrong`).toString('base64')}`, `Basic ${Buffer.from('%zz:%zz').toString('base64')}`), oddString.map((s) => `Basic ${Buffer.from(s).toString('base64')}`));
    const type = fc.oneof(fc.constant('application/x-www-form-urlencoded'), fc.constantFrom(...v.REFUSED_CONTENT_TYPES));
    const before = await tableSnapshot(h.table);
    await fc.assert(fc.asyncProperty(form, basic, type, async (body, authorization, ct) => {
      const res = await send('POST', '/openadr3/auth/token', { body, type: ct, headers: authorization ? { authorization } : {} });
      expect((await expectSafe(res, before, `POST token ${body} ${authorization}`, true)).status).toBeGreaterThanOrEqual(400);
    }), { seed: SEED, numRuns: 200 });
  });

  it('POST /openadr3/reports: generated reports are accepted or refused whole, never a 5xx', { timeout: 180_000 }, async () => {
    await fc.assert(fc.asyncProperty(sent(reportBody), fc.nat(1), async ([body, type], who) => {
      const before = await tableSnapshot(h.table);
      await expectSafe(await send('POST', '/openadr3/reports', { token: tokenOf(who), body, type }), before, `POST report ${body}`);
    }), { seed: SEED + 1, numRuns: 300 });
  });

  it('POST and PUT /openadr3/subscriptions: generated subscriptions are accepted (then deleted) or refused whole', { timeout: 180_000 }, async () => {
    const created = await send('POST', '/openadr3/subscriptions', { token: tokenOf(0), type: 'application/json', body: JSON.stringify({ clientName: 'miner-1', programID: 'mining-PK-NORTH', objectOperations: [] }) });
    expect(created.status).toBe(201);
    const standing = ((await created.json()) as { id: string }).id;
    await fc.assert(fc.asyncProperty(sent(subscriptionBody), fc.boolean(), async ([body, type], put) => {
      const before = await tableSnapshot(h.table);
      const res = await send(put ? 'PUT' : 'POST', put ? `/openadr3/subscriptions/${standing}` : '/openadr3/subscriptions', { token: tokenOf(0), body, type });
      const { status, text } = await expectSafe(res, before, `${put ? 'PUT' : 'POST'} subscription ${body}`);
      if (status === 201) {
        const { id } = JSON.parse(text) as { id: string };
        expect((await send('DELETE', `/openadr3/subscriptions/${id}`, { token: tokenOf(0) })).status).toBe(200);
      }
    }), { seed: SEED + 2, numRuns: 300 });
  });

  it('GET lists with odd query strings, and odd ids on the item routes: 4xx or 200, never a 5xx, nothing changed', { timeout: 180_000 }, async () => {
    const lists = ['/openadr3/programs', '/openadr3/events', '/openadr3/vens', '/openadr3/subscriptions', '/openadr3/vens/ven-miner-1/resources', '/openadr3/vens/ven-miner-2/resources'];
    const name = fc.oneof(fc.constantFrom('skip', 'limit', 'programID', 'targetType', 'targetValues', 'venName', 'resourceName', 'clientName', 'skip[]', '__proto__'), oddString.map(enc));
    const value = fc.oneof(fc.constantFrom(...v.BAD_LIMITS, '0', '50', '51', '1000000', '1000001', 'mining-PK-NORTH', 'RESOURCE_NAME', '%FF', '%', '%E2%80%AE'), oddString.map(enc));
    const query = fc.array(fc.tuple(name, value), { maxLength: 8 }).map((pairs) => pairs.map(([k, x]) => `${k}=${x}`).join('&'));
    const item = fc.tuple(fc.constantFrom('/openadr3/events/{x}', '/openadr3/vens/{x}', '/openadr3/vens/{x}/resources', '/openadr3/subscriptions/{x}'), fc.oneof(fc.constantFrom(...v.BAD_SEGMENTS, 'ven-miner-2', ...eventIDs.map((e) => e.replace('alloc', 'curt'))), oddString.map(enc)), fc.constantFrom('GET', 'DELETE', 'PUT'));
    const before = await tableSnapshot(h.table);
    await fc.assert(fc.asyncProperty(fc.constantFrom(...lists), query, item, fc.nat(1), async (list, q, [route, id, method], who) => {
      await expectSafe(await send('GET', `${list}?${q}`, { token: tokenOf(who) }), before, `GET ${list}?${q}`);
      if (method !== 'GET' && !route.startsWith('/openadr3/subscriptions')) return;
      const { status } = await expectSafe(await send(method, route.replace('{x}', id), { token: tokenOf(0), type: 'application/json', body: '{}' }), before, `${method} ${route} ${id}`);
      // No id the fuzz makes up names one of this VEN's objects: never a success.
      expect(status, `${method} ${route} ${id}`).toBeGreaterThanOrEqual(400);
    }), { seed: SEED + 3, numRuns: 300 });
    expect(await tableSnapshot(h.table)).toBe(before);
  });
});

// A fixed-seed fuzz of the VTN with a VALID access token (the API-wide fuzz reaches /openadr3
// without one): bodies of reports and subscriptions with one node replaced by a value of another
// type or out of range, whole refused JSON texts, bad query values, bad path segments. Never a
// 5xx; every refusal is the spec's problem body; a refused request stores nothing.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OadrProblemSchema } from '../../../lib/openadr/objects';
import * as v from '../support/fuzz-values';
import { createLifecycleHarness, GATE, NOW, type LifecycleHarness, type Market } from '../lifecycle/harness';
import { venToken } from './support';

let h: LifecycleHarness;
let m: Market;
/** Tokens of several miner-1 keys, used in turn: the per-key rate limit (50/s, burst 100) must not
 * turn the fuzz's requests into 429s. */
let tokens: string[];
let turn = 0;
const nextToken = () => tokens[turn++ % tokens.length]!;
let eventID: string;
beforeAll(async () => {
  h = await createLifecycleHarness();
  h.clock.set(NOW);
  m = await h.setupAuction();
  h.clock.set(new Date(Date.parse(GATE) + 1_000));
  await h.tick();
  const extra = await Promise.all(Array.from({ length: 5 }, async () => ((await (await h.call('POST', '/v1/keys', { json: { role: 'bidder', bidderId: 'miner-1', classes: ['mining'] } })).json()) as { key: string }).key));
  tokens = await Promise.all([m.keys['miner-1'], ...extra].map((k) => venToken(h.app, k)));
  const events = (await (await h.app.request('/openadr3/events', { headers: { authorization: `Bearer ${nextToken()}` } })).json()) as { id: string }[];
  eventID = events[0]!.id;
});
afterAll(async () => { await h.drop(); });

const REFUSED: Record<string, readonly unknown[]> = {
  number: v.REFUSED_NUMBERS, string: v.REFUSED_STRINGS, boolean: v.REFUSED_BOOLEANS, array: v.REFUSED_ARRAYS, object: v.REFUSED_OBJECTS,
};

function nodes(value: unknown, at: (string | number)[] = []): (string | number)[][] {
  const here = at.length > 0 ? [at] : [];
  if (Array.isArray(value)) return [...here, ...value.flatMap((item, i) => nodes(item, [...at, i]))];
  if (value && typeof value === 'object') return [...here, ...Object.entries(value).flatMap(([k, item]) => nodes(item, [...at, k]))];
  return here;
}
const kindOf = (x: unknown) => (Array.isArray(x) ? 'array' : x === null ? 'null' : typeof x);
function getAt(value: unknown, at: (string | number)[]): unknown {
  return at.reduce<unknown>((node, k) => (node as Record<string | number, unknown>)[k], value);
}
function setAt(value: unknown, at: (string | number)[], replacement: unknown): unknown {
  if (at.length === 0) return replacement;
  const [head, ...rest] = at;
  if (Array.isArray(value)) return value.map((item, i) => (i === head ? setAt(item, rest, replacement) : item));
  return Object.fromEntries(Object.entries(value as object).map(([k, item]) => [k, k === head ? setAt(item, rest, replacement) : item]));
}

const report = () => ({
  programID: 'mining-PK-NORTH', eventID, clientName: 'miner-1',
  payloadDescriptors: [{ objectType: 'REPORT_PAYLOAD_DESCRIPTOR', payloadType: 'USAGE', readingType: 'DIRECT_READ', units: 'KWH' }],
  resources: [{ resourceName: m.bids['miner-1'], intervals: [{ id: 0, intervalPeriod: { start: '2026-12-01T00:00:00Z', duration: 'PT15M' }, payloads: [{ type: 'USAGE', values: [1000] }] }] }],
});
const subscription = () => ({
  clientName: 'miner-1', programID: 'mining-PK-NORTH',
  objectOperations: [{ objects: ['EVENT'], operations: ['CREATE'], callbackUrl: 'https://example.com/cb', bearerToken: 't' }],
});

async function send(method: string, path: string, body?: string, contentType = 'application/json'): Promise<Response> {
  return h.app.request(path, { method, headers: { authorization: `Bearer ${nextToken()}`, ...(body !== undefined ? { 'content-type': contentType } : {}) }, ...(body !== undefined ? { body } : {}) });
}

async function expectRefusedOr2xx(res: Response, what: string) {
  const text = await res.text();
  expect(res.status, `${what} → ${res.status} ${text.slice(0, 300)}`).toBeLessThan(500);
  expect(res.status, `${what}: rate limited`).not.toBe(429);
  if (res.status >= 400) {
    expect(res.headers.get('content-type'), what).toMatch(/^application\/(problem\+)?json$/);
    expect(OadrProblemSchema.parse(JSON.parse(text)).status, what).toBe(res.status);
  }
  return res.status;
}

describe('VTN fuzz with a valid token', () => {
  it('mutated report and subscription bodies: 4xx problems (or accepted), never a 5xx', { timeout: 120_000 }, async () => {
    for (const [path, sample] of [['/openadr3/reports', report()], ['/openadr3/subscriptions', subscription()]] as const) {
      const paths = nodes(sample).filter((at) => REFUSED[kindOf(getAt(sample, at))]);
      await fc.assert(fc.asyncProperty(fc.nat(), fc.nat(), fc.boolean(), fc.nat(v.REFUSED_JSON_TEXT.length - 1), async (where, which, whole, text) => {
        const at = paths[where % paths.length]!;
        const bad = REFUSED[kindOf(getAt(sample, at))]!;
        const body = whole ? v.REFUSED_JSON_TEXT[text]! : v.stringifyWithRaw(setAt(sample, at, bad[which % bad.length]));
        await expectRefusedOr2xx(await send('POST', path, body), `POST ${path} ${body.slice(0, 200)}`);
      }), { seed: 12_012, numRuns: 150 });
    }
  });

  it('bad queries and path segments: 4xx, never a 5xx', { timeout: 120_000 }, async () => {
    const lists = ['/openadr3/programs', '/openadr3/events', '/openadr3/vens', '/openadr3/subscriptions', '/openadr3/vens/ven-miner-1/resources'];
    const queries = ['skip=-1', 'limit=51', 'limit=abc', 'skip=1e3', 'limit=%00', 'programID=%FF', `programID=${'x'.repeat(200)}`, 'targetValues=a&targetValues=b&targetType=RESOURCE_NAME', 'skip=99999999999'];
    const one = ['/openadr3/events/{x}', '/openadr3/vens/{x}', '/openadr3/vens/{x}/resources', '/openadr3/subscriptions/{x}'];
    await fc.assert(fc.asyncProperty(fc.constantFrom(...lists), fc.constantFrom(...queries), fc.constantFrom(...one), fc.constantFrom(...v.BAD_SEGMENTS), fc.constantFrom('GET', 'DELETE'), async (list, query, route, segment, method) => {
      await expectRefusedOr2xx(await send('GET', `${list}?${query}`), `${list}?${query}`);
      if (method === 'DELETE' && !route.startsWith('/openadr3/subscriptions')) return;
      const status = await expectRefusedOr2xx(await send(method, route.replace('{x}', segment)), `${method} ${route} ${segment}`);
      expect(status).toBeGreaterThanOrEqual(400);
    }), { seed: 12_013, numRuns: 150 });
  });
});

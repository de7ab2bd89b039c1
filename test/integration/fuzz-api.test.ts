// Issue 13: a fixed-seed fuzz over every route of the app's own /openapi.json (and the routes it
// leaves out). Every request is malformed in a way that must be refused: each answer is a 4xx
// (problem+json with the same status, outside the dashboard's HTML pages), never a 5xx, and the
// table is unchanged after each route's batch.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, OPERATOR_KEY, type Harness } from './support/api';
import { curveBid } from './support/bodies';
import { operationsOf, UNDOCUMENTED, type Operation } from './support/fuzz-operations';
import { requestArbitrary, type FuzzContext, type FuzzRequest } from './support/fuzz-requests';
import { ProblemSchema } from '../../schemas/api/common';
import { AuthErrorSchema, OadrProblemSchema } from '../../lib/openadr/objects';

const SEED = 13_013;
const RUNS_PER_DOCUMENTED = 300;
const RUNS_PER_UNDOCUMENTED = 100;

describe('fuzz over the OpenAPI document', () => {
  let h: Harness;
  let ctx: FuzzContext;
  let operations: Operation[];
  let baseline: string;
  beforeAll(async () => {
    h = await createHarness();
    const auctionId = (await h.createAuction()).id;
    const bidderKey = await h.createBidder('miner-1', ['mining']);
    const bid = await h.call('POST', `/v1/auctions/${auctionId}/bids`, { key: bidderKey, json: curveBid });
    if (bid.status !== 201) throw new Error(`bid: ${bid.status}`);
    const bidId = ((await bid.json()) as { id: string }).id;
    ctx = { auctionId, bidId, operatorKey: OPERATOR_KEY, bidderKey };
    operations = [...operationsOf(await (await h.call('GET', '/openapi.json')).json()), ...UNDOCUMENTED];
    baseline = JSON.stringify(await h.scan());
  });
  afterAll(async () => { await h.drop(); });

  async function send(req: FuzzRequest): Promise<Response> {
    return h.app.request(req.url, { method: req.method, headers: req.headers, ...(req.body !== undefined ? { body: req.body } : {}) });
  }

  it('refuses every malformed request with a 4xx problem and stores nothing', { timeout: 240_000 }, async () => {
    const counts = new Map<string, number>();
    const statuses = new Map<number, number>();
    for (const [index, op] of operations.entries()) {
      const numRuns = op.authenticated ? RUNS_PER_DOCUMENTED : RUNS_PER_UNDOCUMENTED;
      await fc.assert(fc.asyncProperty(requestArbitrary(op, ctx), async (req) => {
        const res = await send(req);
        counts.set(op.name, (counts.get(op.name) ?? 0) + 1);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        const text = await res.text();
        const what = `${req.method} ${req.url.slice(0, 200)} (${req.defect}) → ${res.status} ${text.slice(0, 300)}`;
        // A dashboard path that '.' or '..' turned into another page is that page's redirect to sign-in.
        if (op.html && op.method === 'GET' && !new URL(req.url, 'http://localhost').pathname.match(/^\/dashboard\/assets\/[^/]+$/)) {
          expect(res.status, what).toBe(303);
          expect(res.headers.get('location'), what).toBe('/dashboard/sign-in');
          return;
        }
        expect(res.status, what).toBeGreaterThanOrEqual(400);
        expect(res.status, what).toBeLessThan(500);
        if (op.html) return;
        // The OpenADR 3 VTN answers with the specification's bodies: RFC 6749 errors at auth/token,
        // its problem (application/json) elsewhere; a path or method it does not have is the app's 404/405.
        const type = res.headers.get('content-type');
        if (op.path.startsWith('/openadr3/') && type === 'application/json') {
          if (op.path === '/openadr3/auth/token') expect(AuthErrorSchema.parse(JSON.parse(text)).error, what).toBeTruthy();
          else expect(OadrProblemSchema.parse(JSON.parse(text)).status, what).toBe(res.status);
          return;
        }
        expect(type, what).toBe('application/problem+json');
        expect(ProblemSchema.parse(JSON.parse(text)).status, what).toBe(res.status);
      }), { seed: SEED + index, numRuns, endOnFailure: true });
      expect(JSON.stringify(await h.scan()), `${op.name} stored something`).toBe(baseline);
    }
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    const byStatus = [...statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`).join(' ');
    const byRoute = [...counts].map(([name, n]) => `${name}=${n}`).join(', ');
    console.log(`fuzz: ${total} requests over ${counts.size} routes; statuses ${byStatus}; per route ${byRoute}`);
    expect(counts.size).toBe(operations.length);
    expect(total).toBeGreaterThanOrEqual(3000);
  });
});

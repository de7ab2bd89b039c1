// Scheduled clearing against DynamoDB Local: ten overlapping invocations publish once; the lease
// protects the publication; failures end in `failed` with the reason and the metric; states and
// timestamps show on GET /v1/auctions/{id}; POST …/clear (force) closes the gate early.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BookSchema } from '../../../schemas/book';
import type { ClearingEngine } from '../../../lib/lifecycle/ports';
import { createLifecycleHarness, DELIVERY, DELIVERY_END, GATE, type LifecycleHarness } from './harness';
import { testEngine } from './engine';

let h: LifecycleHarness;
beforeAll(async () => { h = await createLifecycleHarness(); });
afterAll(async () => { await h.drop(); });
beforeEach(() => { h.clock.set(NOW_PLUS(0)); });

/** What a single clean run must publish for this book: the engine's bytes, computed offline. */
async function cleanBytes(bookJson: string): Promise<string> {
  const book = BookSchema.parse(JSON.parse(bookJson));
  return testEngine.serialize(await testEngine.clear(book, { timeLimitMs: 20_000 }));
}

describe('scheduled clearing', () => {
  it('ten concurrent invocations publish exactly one result, equal to a clean run', async () => {
    const { auctionId } = await h.setupAuction();
    h.clock.set(new Date(Date.parse(GATE) + 1_000));
    const before = h.metrics.count('ClearingSucceeded');
    const ticks = await Promise.all(Array.from({ length: 10 }, (_, i) => h.tick(`run-${i}`)));
    const outcomes = ticks.flatMap((t) => t.runs.filter((r) => r.auctionId === auctionId).map((r) => r.clear?.kind));
    expect(outcomes.filter((k) => k === 'published')).toHaveLength(1);
    expect(h.metrics.count('ClearingSucceeded') - before).toBe(1);

    const result = await h.call('GET', `/v1/auctions/${auctionId}/result`);
    expect(result.status).toBe(200);
    const book = await h.call('GET', `/v1/auctions/${auctionId}/book`);
    expect(book.status).toBe(200);
    const bookJson = await book.text();
    expect(await result.text()).toBe(await cleanBytes(bookJson));

    const auction = await (await h.call('GET', `/v1/auctions/${auctionId}`)).json() as Record<string, any>;
    expect(auction.status).toBe('cleared');
    expect(auction.timestamps).toMatchObject({ closedAt: '2026-11-30T23:00:00Z', clearingAt: '2026-11-30T23:00:01Z', clearedAt: '2026-11-30T23:00:01Z' });
    expect(auction.timestamps.openedAt).toBe('2026-11-30T12:00:00Z');
  });

  it('advances cleared → delivering → settled with timestamps at the delivery boundaries', async () => {
    const { auctionId } = await h.setupAuction();
    h.clock.set(new Date(Date.parse(GATE) + 1_000));
    await h.tick();
    h.clock.set(new Date(Date.parse(DELIVERY) + 60_000));
    await h.tick();
    let a = await (await h.call('GET', `/v1/auctions/${auctionId}`)).json() as Record<string, any>;
    expect(a.status).toBe('delivering');
    expect(a.timestamps.deliveringAt).toBe('2026-12-01T00:00:00Z');
    h.clock.set(new Date(Date.parse(DELIVERY_END) + 1));
    await h.tick();
    a = await (await h.call('GET', `/v1/auctions/${auctionId}`)).json() as Record<string, any>;
    expect(a.status).toBe('settled');
    expect(a.timestamps.settledAt).toBe('2026-12-01T02:00:00Z');
    // A late tick takes an auction all the way in one go.
    h.clock.set(NOW_PLUS(0));
    const late = await h.setupAuction();
    h.clock.set(new Date(Date.parse(DELIVERY_END) + 1));
    const run = (await h.tick()).runs.find((r) => r.auctionId === late.auctionId)!;
    expect(run.transitions).toEqual(['open->closed', 'cleared->delivering', 'delivering->settled']);
    expect(run.clear?.kind).toBe('published');
    h.clock.set(NOW_PLUS(0));
  });

  it('a run whose lease expired cannot publish; the run that took over does', async () => {
    const { auctionId } = await h.setupAuction();
    h.clock.set(new Date(Date.parse(GATE) + 1_000));
    expect(await h.services.store.transition(auctionId, 'open', 'closed', { closedAt: '2026-11-30T23:00:00Z' })).toBe(true);
    const t0 = h.clock.now();
    expect(await h.services.store.claim(auctionId, { owner: 'A', now: t0, leaseUntil: new Date(t0.getTime() + 60_000) })).toEqual({ attempts: 1 });
    expect(await h.services.store.claim(auctionId, { owner: 'B', now: t0, leaseUntil: new Date(t0.getTime() + 60_000) })).toBeNull();
    const t1 = new Date(t0.getTime() + 60_000);
    expect(await h.services.store.claim(auctionId, { owner: 'B', now: t1, leaseUntil: new Date(t1.getTime() + 60_000) })).toEqual({ attempts: 2 });
    const key = { inputDigest: 'sha256:x', resultSha256: 'a'.repeat(64) };
    expect(await h.services.store.publish(auctionId, { ...key, owner: 'A', resultBytes: 1, at: t1 })).toBe(false);
    expect(await h.services.store.releaseAfterError(auctionId, 'A', 'late', t1)).toBe(false);
    expect(await h.services.store.markFailed(auctionId, 'A', { reason: 'late', attempts: 1 }, t1)).toBe(false);
    h.clock.set(t1);
    const run = (await h.tick('B2')).runs.find((r) => r.auctionId === auctionId);
    expect(run).toBeUndefined(); // B's lease is live: not due
    h.clock.set(new Date(t1.getTime() + 60_001));
    const taken = (await h.tick('C')).runs.find((r) => r.auctionId === auctionId)!;
    expect(taken.clear?.kind).toBe('published');
    expect((await h.call('GET', `/v1/auctions/${auctionId}/result`)).status).toBe(200);
  });

  it('fails after maxAttempts with the reason, one ClearingFailed metric, and a forced retry', async () => {
    let failing = true;
    const flaky: ClearingEngine = {
      digest: (b) => testEngine.digest(b), serialize: (r) => testEngine.serialize(r),
      clear: async (b, o) => { if (failing) throw new Error('solver crashed'); return testEngine.clear(b, o); },
    };
    const f = await createLifecycleHarness({ engine: flaky });
    try {
      const { auctionId } = await f.setupAuction();
      f.clock.set(new Date(Date.parse(GATE) + 1_000));
      const kinds: (string | undefined)[] = [];
      for (let i = 0; i < 3; i++) {
        kinds.push((await f.tick()).runs.find((r) => r.auctionId === auctionId)?.clear?.kind);
        f.clock.advance(1_000);
      }
      expect(kinds).toEqual(['retry-later', 'retry-later', 'failed']);
      expect(f.metrics.count('ClearingFailed')).toBe(1);
      expect(f.metrics.entries.find((e) => e.name === 'ClearingFailed')).toEqual({ name: 'ClearingFailed', unit: 'Count', value: 1 });
      const a = await (await f.call('GET', `/v1/auctions/${auctionId}`)).json() as Record<string, any>;
      expect(a.status).toBe('failed');
      expect(a.failure).toEqual({ reason: 'Error: solver crashed', attempts: 3 });
      expect(a.timestamps.failedAt).toBe('2026-11-30T23:00:03Z');
      expect((await f.call('GET', `/v1/auctions/${auctionId}/result`)).status).toBe(409);
      expect((await f.tick()).runs.find((r) => r.auctionId === auctionId)).toBeUndefined();

      // The operator retries with force once the cause is fixed.
      expect((await f.call('POST', `/v1/auctions/${auctionId}/clear`, { json: {} })).status).toBe(409);
      failing = false;
      const res = await f.call('POST', `/v1/auctions/${auctionId}/clear`, { json: { force: true } });
      expect(res.status).toBe(202);
      expect(await res.json()).toEqual({ auctionId, status: 'closed', transitions: ['failed->closed'], outcome: 'scheduled' });
      expect((await f.tick()).runs.find((r) => r.auctionId === auctionId)?.clear?.kind).toBe('published');
      expect(await (await f.call('GET', `/v1/auctions/${auctionId}`)).json()).toMatchObject({ status: 'cleared' });
    } finally {
      await f.drop();
    }
  });

  it('an auction without a forecast fails at once (the book cannot be built)', async () => {
    const res = await h.call('POST', '/v1/auctions', { json: { zone: 'PK-NORTH', deliveryStart: DELIVERY, intervalMinutes: 15, intervalCount: 8, gateClosure: GATE } });
    const { id } = await res.json() as { id: string };
    h.clock.set(new Date(Date.parse(GATE) + 1_000));
    const run = (await h.tick()).runs.find((r) => r.auctionId === id)!;
    expect(run.clear).toMatchObject({ kind: 'failed', attempts: 1 });
    expect(run.clear && 'reason' in run.clear ? run.clear.reason : '').toMatch(/no forecast/);
    h.clock.set(NOW_PLUS(0));
  });
});

describe('POST /v1/auctions/{id}/clear', () => {
  it('409 before gate closure; force closes the gate now (auction and gate copies), clears, and bids are refused', async () => {
    h.clock.set(NOW_PLUS(0));
    const { auctionId, keys } = await h.setupAuction();
    const bare = await h.call('POST', `/v1/auctions/${auctionId}/clear`); // the body is optional
    expect(bare.status).toBe(409);
    expect((await h.call('POST', `/v1/auctions/${auctionId}/clear`, { json: { force: 'yes' } })).status).toBe(400);
    const early = await h.call('POST', `/v1/auctions/${auctionId}/clear`, { json: {} });
    expect(early.status).toBe(409);
    expect((await early.json() as { detail: string }).detail).toMatch(/force/);
    const bidder = await h.call('POST', `/v1/auctions/${auctionId}/clear`, { key: keys['miner-1'], json: { force: true } });
    expect(bidder.status).toBe(403);

    // 202 at once, the auction to poll in Location; the trigger is asked to clear it now.
    const res = await h.call('POST', `/v1/auctions/${auctionId}/clear`, { json: { force: true }, headers: { 'idempotency-key': 'clear-1' } });
    expect(res.status).toBe(202);
    expect(res.headers.get('location')).toBe(`/v1/auctions/${auctionId}`);
    expect(await res.json()).toEqual({ auctionId, status: 'closed', transitions: ['open->closed'], outcome: 'scheduled' });
    expect(h.clearingRequests).toContain(auctionId);
    expect((await h.call('GET', `/v1/auctions/${auctionId}/result`)).status).toBe(409);
    const replay = await h.call('POST', `/v1/auctions/${auctionId}/clear`, { json: { force: true }, headers: { 'idempotency-key': 'clear-1' } });
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    // What the woken scheduler (npm start) or the clear function (deployed) then does.
    expect((await h.tick()).runs.find((r) => r.auctionId === auctionId)?.clear?.kind).toBe('published');
    expect(await (await h.call('GET', `/v1/auctions/${auctionId}`)).json()).toMatchObject({ status: 'cleared' });
    expect((await h.call('GET', `/v1/auctions/${auctionId}/result`)).status).toBe(200);
    const again = await h.call('POST', `/v1/auctions/${auctionId}/clear`, { json: { force: true } });
    expect(again.status).toBe(409);

    const a = await (await h.call('GET', `/v1/auctions/${auctionId}`)).json() as Record<string, any>;
    expect(a.gateClosure).toBe('2026-11-30T12:00:00.000Z');
    expect(a.timestamps.closedAt).toBe('2026-11-30T12:00:00Z');
    const bid = await h.call('POST', `/v1/auctions/${auctionId}/bids`, { key: keys['miner-1'], json: { type: 'curve', from: 0, to: 8, steps: [{ mw: 1, price: 50 }] } });
    expect(bid.status).toBe(409);
    expect((await h.call('POST', '/v1/auctions/nope/clear', { json: {} })).status).toBe(404);
  });
});

function NOW_PLUS(ms: number): Date {
  return new Date(Date.parse('2026-11-30T12:00:00.000Z') + ms);
}

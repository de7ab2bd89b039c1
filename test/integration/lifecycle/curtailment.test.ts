// Curtailment through POST …/curtailments against DynamoDB Local: the commit, notices in the
// events feed (own only), the race between two curtailments (one wins, the other 409), the
// repair of a fan-out cut short by a crash, validation, and bidder isolation of results.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../../lib/http/app';
import { curtailAuction } from '../../../lib/lifecycle/curtail-auction';
import type { CurtailmentNotice, CurtailmentRecord } from '../../../schemas/lifecycle';
import { ResultSchema } from '../../../schemas/result';
import { createLifecycleHarness, DELIVERY, GATE, NOW, OPERATOR_KEY, quietLogger, type LifecycleHarness, type Market } from './harness';

let h: LifecycleHarness;
beforeAll(async () => { h = await createLifecycleHarness(); });
afterAll(async () => { await h.drop(); });
beforeEach(() => { h.clock.set(NOW); });

async function cleared(): Promise<Market> {
  const m = await h.setupAuction();
  h.clock.set(new Date(Date.parse(GATE) + 1_000));
  const run = (await h.tick()).runs.find((r) => r.auctionId === m.auctionId);
  expect(run?.clear?.kind).toBe('published');
  return m;
}

async function events(key: string, cursor?: string): Promise<{ events: CurtailmentNotice[]; nextCursor?: string }> {
  const res = await h.call('GET', `/v1/events${cursor ? `?cursor=${cursor}` : ''}`, { key });
  expect(res.status).toBe(200);
  return res.json() as Promise<{ events: CurtailmentNotice[]; nextCursor?: string }>;
}

describe('POST /v1/auctions/{id}/curtailments', () => {
  it('curtails, stores the dispatch, and each affected bidder sees only its own notice', async () => {
    const m = await cleared();
    const before1 = (await events(m.keys['miner-1'])).events.length;
    const res = await h.call('POST', `/v1/auctions/${m.auctionId}/curtailments`, { json: { intervals: [{ index: 2, surplusMw: 100 }] } });
    expect(res.status).toBe(200);
    expect(res.headers.get('location')).toBe(`/v1/auctions/${m.auctionId}/curtailments/1`);
    const body = await res.json() as { dispatchVersion: number; changed: boolean; affectedBidders: string[] };
    expect(body).toMatchObject({ auctionId: m.auctionId, dispatchVersion: 1, changed: true, fanOut: 'complete' });
    expect(body.affectedBidders).toEqual(expect.arrayContaining(['miner-1', 'miner-2']));

    const feed = await events(m.keys['miner-1']);
    const mine = feed.events.slice(before1);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ type: 'curtailment', auctionId: m.auctionId, bidderId: 'miner-1', curtailmentVersion: 1, noticeTime: '2026-11-30T23:00:01Z' });
    expect(mine[0]!.intervals.map((i) => i.index)).toEqual([2]);
    expect(mine[0]!.intervals[0]!.mwAfter).toBeLessThan(mine[0]!.intervals[0]!.mwBefore);
    expect(mine[0]!.event.payloadDescriptors[0]!.payloadType).toBe('IMPORT_CAPACITY_LIMIT');
    expect(feed.events.every((e) => e.bidderId === 'miner-1')).toBe(true);
    // Polling with nextCursor returns only newer notices.
    expect((await events(m.keys['miner-1'], feed.nextCursor)).events).toEqual([]);
    expect((await h.call('GET', '/v1/events?cursor=bm90LWEtY3Vyc29y', { key: m.keys['miner-1'] })).status).toBe(400);

    // The dispatch after curtailment: interval 2 now carries at most 100 MW in total.
    const settlement = await (await h.call('GET', `/v1/auctions/${m.auctionId}/settlement`)).json() as { dispatchVersion: number; statements: { lines: { interval: number; dispatchedMw: number }[] }[] };
    expect(settlement.dispatchVersion).toBe(1);
    const mw2 = settlement.statements.flatMap((s) => s.lines).filter((l) => l.interval === 2).reduce((s, l) => s + l.dispatchedMw, 0);
    expect(mw2).toBeCloseTo(100, 6);

    // Nothing above the dispatch: a revision above it changes nothing.
    const noop = await h.call('POST', `/v1/auctions/${m.auctionId}/curtailments`, { json: { intervals: [{ index: 2, surplusMw: 500 }] } });
    expect(await noop.json()).toMatchObject({ changed: false, dispatchVersion: 1 });
    expect(noop.headers.get('location')).toBeNull();
  });

  it('two concurrent curtailments: one wins, the other gets 409', async () => {
    const m = await cleared();
    // Both requests must have read dispatch version 0 before either commits: a barrier in front
    // of the real adapter's commitCurtailment.
    let arrived = 0;
    let release!: () => void;
    const barrier = new Promise<void>((r) => { release = r; });
    const store = Object.create(h.services.store) as typeof h.services.store;
    store.commitCurtailment = async (record: CurtailmentRecord) => {
      if (++arrived === 2) release();
      await Promise.race([barrier, new Promise((r) => setTimeout(r, 5_000))]);
      return h.services.store.commitCurtailment(record);
    };
    const app = createApp({ market: h.market, lifecycle: { ...h.services, store, logger: quietLogger, metrics: h.metrics } });
    const post = (index: number) => app.request(`/v1/auctions/${m.auctionId}/curtailments`, {
      method: 'POST', headers: { authorization: `Bearer ${OPERATOR_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ intervals: [{ index, surplusMw: 90 }] }),
    });
    const [a, b] = await Promise.all([post(3), post(4)]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    expect(loser.headers.get('content-type')).toBe('application/problem+json');
    expect((await h.services.store.readPublished(m.auctionId))!.dispatch!.version).toBe(1);
  });

  it('a crash between the commit and the fan-out is repaired by the scheduler tick, and by the next curtailment call', async () => {
    const m = await cleared();
    const crashing = Object.create(h.services.store) as typeof h.services.store;
    crashing.publishNotices = async () => { throw new Error('crashed after the commit'); };
    const deps = { store: crashing, directory: h.services.webhooks, clock: h.clock };
    const before = (await events(m.keys['miner-1'])).events.length;
    await expect(curtailAuction(deps, m.auctionId, { intervals: [{ index: 5, surplusMw: 50 }] })).rejects.toThrow(/crashed/);
    expect((await events(m.keys['miner-1'])).events.length).toBe(before); // committed, not yet fanned out
    expect((await h.services.store.readPublished(m.auctionId))!.dispatch!.version).toBe(1);
    const tick = await h.tick();
    expect(tick.fanOutRepaired).toBe(1);
    const after = (await events(m.keys['miner-1'])).events;
    expect(after.length).toBe(before + 1);
    expect(after.filter((e) => e.auctionId === m.auctionId).map((e) => e.curtailmentVersion)).toEqual([1]);
    expect((await h.tick()).fanOutRepaired).toBe(0);

    // Second crash, repaired in the background of the next POST once older than the grace period.
    await expect(curtailAuction(deps, m.auctionId, { intervals: [{ index: 6, surplusMw: 40 }] })).rejects.toThrow(/crashed/);
    h.clock.set(new Date(h.clock.now().getTime() + 61_000));
    const res = await h.call('POST', `/v1/auctions/${m.auctionId}/curtailments`, { json: { intervals: [{ index: 7, surplusMw: 30 }] } });
    expect(res.status).toBe(200);
    await vi.waitFor(async () => {
      const versions = (await events(m.keys['miner-1'])).events.filter((e) => e.auctionId === m.auctionId).map((e) => e.curtailmentVersion);
      expect(versions).toEqual([1, 2, 3]);
    }, { timeout: 20_000, interval: 50 });
  });

  it('a large fan-out answers after the commit with fanOut pending; the status route and the repair finish it', async () => {
    const m = await cleared();
    const before = (await events(m.keys['miner-1'])).events.length;
    const deps = { store: h.services.store, directory: h.services.webhooks, clock: h.clock, inlineFanOutNotices: 0 };
    const out = await curtailAuction(deps, m.auctionId, { intervals: [{ index: 5, surplusMw: 50 }] });
    if (out.kind !== 'applied') throw new Error(out.kind);
    expect(out.response).toMatchObject({ dispatchVersion: 1, changed: true, fanOut: 'pending' });
    const status = (key?: string) => h.call('GET', `/v1/auctions/${m.auctionId}/curtailments/1`, key ? { key } : {});
    expect(await (await status()).json()).toEqual({ auctionId: m.auctionId, version: 1, at: '2026-11-30T23:00:01Z', fanOut: 'pending' });
    expect((await events(m.keys['miner-1'])).events.length).toBe(before);
    // The request's own background run, or (if the process stopped) the scheduler's repair:
    expect((await h.tick()).fanOutRepaired).toBe(1);
    expect(await (await status()).json()).toMatchObject({ fanOut: 'complete' });
    expect((await events(m.keys['miner-1'])).events.length).toBe(before + 1);
    await out.finishFanOut!(); // a late background run rewrites the same items
    expect((await events(m.keys['miner-1'])).events.length).toBe(before + 1);

    const inline = await h.call('POST', `/v1/auctions/${m.auctionId}/curtailments`, { json: { intervals: [{ index: 6, surplusMw: 40 }] } });
    expect(await inline.json()).toMatchObject({ dispatchVersion: 2, fanOut: 'complete' });
    expect(await (await h.call('GET', `/v1/auctions/${m.auctionId}/curtailments/2`)).json()).toMatchObject({ fanOut: 'complete' });
    expect((await status(m.keys['miner-1'])).status).toBe(403);
    expect((await h.call('GET', `/v1/auctions/${m.auctionId}/curtailments/3`)).status).toBe(404);
    for (const bad of ['0', '01', 'x', '1e1', '9999999']) expect((await h.call('GET', `/v1/auctions/${m.auctionId}/curtailments/${bad}`)).status).toBe(400);
  });

  it('bad requests: 400 with field paths, 422 for intervals that do not fit, 409 before clearing, 403/404', async () => {
    const fresh = await h.setupAuction();
    const path = `/v1/auctions/${fresh.auctionId}/curtailments`;
    expect((await h.call('POST', path, { json: { intervals: [{ index: 1, surplusMw: 10 }] } })).status).toBe(409);
    const m = await cleared();
    const p = `/v1/auctions/${m.auctionId}/curtailments`;
    const dup = await h.call('POST', p, { json: { intervals: [{ index: 1, surplusMw: 10 }, { index: 1, surplusMw: 20 }] } });
    expect(dup.status).toBe(400);
    expect((await dup.json() as { errors: { path: string }[] }).errors.map((e) => e.path)).toContain('intervals[1].index');
    const beyond = await h.call('POST', p, { json: { intervals: [{ index: 2, surplusMw: 10 }, { index: 9, surplusMw: 10 }] } });
    expect(beyond.status).toBe(422);
    expect((await beyond.json() as { errors: { path: string }[] }).errors).toEqual([expect.objectContaining({ path: 'intervals[1].index' })]);
    h.clock.set(new Date(Date.parse(DELIVERY) + 20 * 60_000)); // interval 1 has started
    const started = await h.call('POST', p, { json: { intervals: [{ index: 1, surplusMw: 10 }] } });
    expect(started.status).toBe(422);
    expect((await h.call('POST', p, { key: m.keys['miner-1'], json: { intervals: [{ index: 5, surplusMw: 10 }] } })).status).toBe(403);
    expect((await h.call('POST', '/v1/auctions/unknown/curtailments', { json: { intervals: [{ index: 5, surplusMw: 10 }] } })).status).toBe(404);
    expect((await h.call('POST', p, { json: { intervals: [{ index: 5, surplusMw: -1 }] } })).status).toBe(400);
  });
});

describe('results per caller', () => {
  it('a bidder sees every interval and only its own bids; the book is for the operator', async () => {
    const m = await cleared();
    const all = ResultSchema.parse(await (await h.call('GET', `/v1/auctions/${m.auctionId}/result`)).json());
    const own = ResultSchema.parse(await (await h.call('GET', `/v1/auctions/${m.auctionId}/result`, { key: m.keys['miner-1'] })).json());
    expect(all.bids.map((b) => b.id).sort()).toEqual(Object.values(m.bids).sort());
    expect(own.bids.map((b) => b.id)).toEqual([m.bids['miner-1']]);
    expect(own.intervals).toEqual(all.intervals);
    expect(own.inputDigest).toBe(all.inputDigest);
    expect((await h.call('GET', `/v1/auctions/${m.auctionId}/book`, { key: m.keys['miner-1'] })).status).toBe(403);
    expect((await h.call('GET', '/v1/auctions/unknown/result')).status).toBe(404);
    h.clock.set(NOW);
    const open = await h.setupAuction();
    expect((await h.call('GET', `/v1/auctions/${open.auctionId}/result`)).status).toBe(409);
    expect((await h.call('GET', `/v1/auctions/${open.auctionId}/book`)).status).toBe(409);
  });
});

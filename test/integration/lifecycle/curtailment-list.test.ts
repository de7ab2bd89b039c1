// GET /v1/auctions/{id}/curtailments through the real app on DynamoDB Local: every revision with
// who asked, when, what it cut per bidder (equal to the notices in each bidder's feed) and the
// fan-out status; a bidder sees only its own cuts; paging by version; 404 and 400.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventsPageSchema } from '../../../schemas/lifecycle';
import { CurtailmentListSchema } from '../../../schemas/api/curtailments';
import { createLifecycleHarness, GATE, NOW, type LifecycleHarness } from './harness';

let h: LifecycleHarness;
beforeAll(async () => { h = await createLifecycleHarness(); });
afterAll(async () => { await h.drop(); });

const list = async (path: string, key?: string) => {
  const res = await h.call('GET', path, key ? { key } : {});
  expect(res.status, await res.clone().text()).toBe(200);
  return CurtailmentListSchema.parse(await res.json());
};

describe('GET /v1/auctions/{id}/curtailments', () => {
  it('lists each revision and its cuts per bidder, as the notices say; a bidder sees its own cuts', async () => {
    h.clock.set(NOW);
    const m = await h.setupAuction();
    const base = `/v1/auctions/${m.auctionId}/curtailments`;
    expect((await list(base)).items).toEqual([]); // not cleared yet: none
    h.clock.set(new Date(Date.parse(GATE) + 1_000));
    await h.tick();
    for (const intervals of [[{ index: 2, surplusMw: 100 }], [{ index: 3, surplusMw: 80 }, { index: 4, surplusMw: 60 }]]) {
      expect((await h.call('POST', base, { json: { intervals } })).status).toBe(200);
    }
    const all = await list(base);
    expect(all.items.map((c) => c.version)).toEqual([1, 2]);
    expect(all.items.map((c) => c.revisions)).toEqual([[{ index: 2, surplusMw: 100 }], [{ index: 3, surplusMw: 80 }, { index: 4, surplusMw: 60 }]]);
    expect(all.items.every((c) => c.requestedBy === 'key_bootstrap' && c.fanOut === 'complete')).toBe(true);
    expect(all.nextAfter).toBeUndefined();

    for (const bidder of ['miner-1', 'miner-2'] as const) {
      const feed = EventsPageSchema.parse(await (await h.call('GET', '/v1/events', { key: m.keys[bidder] })).json()).events.filter((e) => e.auctionId === m.auctionId);
      const cuts = all.items.flatMap((c) => c.cuts.filter((x) => x.bidderId === bidder));
      expect(cuts.map((c) => ({ eventId: c.eventId, intervals: c.intervals }))).toEqual(
        feed.map((n) => ({ eventId: n.eventId, intervals: n.intervals.map(({ index, mwBefore, mwAfter }) => ({ index, mwBefore, mwAfter })) })));
      const hours = ((await (await h.call('GET', `/v1/auctions/${m.auctionId}`)).json()) as { intervalMinutes: number }).intervalMinutes / 60;
      for (const c of cuts) expect(c.mwhCut).toBeCloseTo(c.intervals.reduce((s, iv) => s + iv.mwBefore - iv.mwAfter, 0) * hours, 6);

      const own = await list(base, m.keys[bidder]);
      expect(own.items.map((c) => c.version)).toEqual([1, 2]);
      expect(own.items.flatMap((c) => c.cuts).every((c) => c.bidderId === bidder)).toBe(true);
      expect(own.items.flatMap((c) => c.cuts.map((x) => x.eventId))).toEqual(cuts.map((c) => c.eventId));
      expect(own.items.every((c) => c.requestedBy === undefined)).toBe(true);
    }
    for (const c of all.items) expect(c.mwhCut).toBeCloseTo(c.cuts.reduce((s, x) => s + x.mwhCut, 0), 6);

    const first = await list(`${base}?limit=1`);
    expect(first.items.map((c) => c.version)).toEqual([1]);
    expect(first.nextAfter).toBe(1);
    expect(await list(`${base}?after=${first.nextAfter}&limit=1`)).toEqual({ auctionId: m.auctionId, items: [all.items[1]] });
  });

  it('404 for an unknown auction; 400 with the field path for a bad page', async () => {
    expect((await h.call('GET', '/v1/auctions/auc_nothing/curtailments')).status).toBe(404);
    for (const q of ['limit=0', 'limit=21', 'after=-1', 'after=0x1', 'colour=red']) {
      const res = await h.call('GET', `/v1/auctions/auc_nothing/curtailments?${q}`);
      expect(res.status, q).toBe(400);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
    }
  });
});

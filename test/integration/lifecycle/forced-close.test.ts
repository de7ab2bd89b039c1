// The operator's forced close wins over a stream of bids (issue 13, finding 13): it never answers
// "the auction changed meanwhile", and no bid is accepted after the recorded gate closure.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLifecycleHarness, NOW, type LifecycleHarness } from './harness';
import { tickingClock } from '../../support/manual-ports';

describe('forced close under a stream of bids', () => {
  let h: LifecycleHarness;
  beforeAll(async () => { h = await createLifecycleHarness({ clock: tickingClock(NOW) }); });
  afterAll(async () => { await h.drop(); });

  it('closes the gate on the first request while 16 bidders keep posting', async () => {
    const m = await h.setupAuction();
    const keys = [m.keys['miner-1'], m.keys['miner-2']];
    let stop = false;
    const statuses: number[] = [];
    const bidder = async (key: string) => {
      while (!stop) {
        const res = await h.call('POST', `/v1/auctions/${m.auctionId}/bids`, { key, json: { type: 'curve', from: 0, to: 8, steps: [{ mw: 1, price: 50 }] } });
        statuses.push(res.status);
      }
    };
    const streams = Array.from({ length: 16 }, (_, i) => bidder(keys[i % 2]!));
    await new Promise((r) => setTimeout(r, 200));
    const close = await h.call('POST', `/v1/auctions/${m.auctionId}/clear`, { json: { force: true } });
    stop = true;
    await Promise.all(streams);
    expect(close.status).toBe(202);
    expect([...new Set(statuses)].sort()).toEqual(expect.arrayContaining([201]));
    // 429: the ticking clock makes the stream far faster than the per-key rate limit allows.
    expect(statuses.filter((s) => s !== 201 && s !== 409 && s !== 429)).toEqual([]);
    expect(statuses).toContain(201);
    const auction = await h.services.store.getAuction(m.auctionId);
    expect(auction?.status).toBe('closed');
    // Every accepted bid (all of them are in the book) is stamped before the recorded gate (finding 7).
    const stored = await h.market.store.bids.readAllBids(m.auctionId);
    expect(stored.length).toBe(statuses.filter((s) => s === 201).length + Object.keys(m.bids).length);
    const gate = Date.parse(auction!.gateClosure);
    for (const bid of stored) expect(Date.parse(bid.createdAt)).toBeLessThan(gate);
    expect(Date.parse(auction!.timestamps.closedAt!)).toBeLessThanOrEqual(gate);
    expect((await h.call('POST', `/v1/auctions/${m.auctionId}/bids`, { key: keys[0]!, json: { type: 'curve', from: 0, to: 8, steps: [{ mw: 1, price: 50 }] } })).status).toBe(409);
  });
});

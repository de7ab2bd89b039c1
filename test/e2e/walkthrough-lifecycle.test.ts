// The README walk-through, extended through the lifecycle, on the real Hono app (app.request)
// and DynamoDB Local with a controllable clock: create auction, forecast, keys, bids → the gate
// closes → a tick of npm start's scheduler clears → bidders read their allocations → the
// operator curtails → the miner sees the notice at /v1/events → delivery ends → settlement.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSchedulerLoop, type SchedulerHandle } from '../../apps/local/scheduler-loop';
import { parseSettlementCsv } from '../support/settlement-csv-reader';
import { ResultSchema } from '../../schemas/result';
import { EventsPageSchema, SettlementSchema } from '../../schemas/lifecycle';
import { createLifecycleHarness, DELIVERY, GATE, NOW, quietLogger, type LifecycleHarness } from '../integration/lifecycle/harness';

let h: LifecycleHarness;
let scheduler: SchedulerHandle;
beforeAll(async () => {
  h = await createLifecycleHarness();
  // The same scheduler loop npm start runs (apps/local/compose.ts); ticked by hand here.
  scheduler = startSchedulerLoop(h.services, { intervalMs: 3_600_000, logger: quietLogger });
});
afterAll(async () => { await scheduler.stop(); await h.drop(); });

async function json(res: Response | Promise<Response>, status = 200): Promise<any> {
  const r = await res;
  const text = await r.text();
  expect(r.status, text).toBe(status);
  return JSON.parse(text);
}

describe('walk-through: from bids to settlement', () => {
  it('runs the whole lifecycle', async () => {
    h.clock.set(NOW);
    // 1–3. Auction, forecast (JSON, then a CSV version), keys.
    const auction = await json(h.call('POST', '/v1/auctions', { json: { zone: 'PK-NORTH', deliveryStart: DELIVERY, intervalMinutes: 15, intervalCount: 96, gateClosure: GATE } }), 201);
    const id = auction.id as string;
    await json(h.call('PUT', `/v1/auctions/${id}/forecast`, { json: { intervals: Array.from({ length: 96 }, () => ({ surplusMw: 2000, reservePrice: 30 })) } }));
    const csv = ['interval,surplus_mw,reserve_price', ...Array.from({ length: 96 }, (_, i) => `${i},1800,32`)].join('\n');
    expect((await json(h.call('PUT', `/v1/auctions/${id}/forecast`, { body: csv, headers: { 'content-type': 'text/csv' } }))).version).toBe(2);
    const miner = (await json(h.call('POST', '/v1/keys', { json: { role: 'bidder', bidderId: 'miner-7', classes: ['mining'] } }), 201)).key as string;
    const tenant = (await json(h.call('POST', '/v1/keys', { json: { role: 'bidder', bidderId: 'tenant-3', classes: ['ai'] } }), 201)).key as string;

    // 4–5. Bids.
    const minerBid = await json(h.call('POST', `/v1/auctions/${id}/bids`, { key: miner, headers: { 'idempotency-key': 'miner-7-bid-1' }, json: { type: 'curve', from: 0, to: 96, steps: [
      { mw: 40, price: 70 }, { mw: 25, price: 52.5 }, { price: 45, workload: { kind: 'asic', model: 'Antminer-S21', count: 10000 } }] } }), 201);
    const block = await json(h.call('POST', `/v1/auctions/${id}/bids`, { key: tenant, json: { type: 'block', mw: 120, duration: 8, earliestStart: 4, latestStart: 40, price: 95, minAcceptanceRatio: 1 } }), 201);
    const gpu = await json(h.call('POST', `/v1/auctions/${id}/bids`, { key: tenant, json: { type: 'block', workload: { kind: 'gpu', model: 'H100-SXM', count: 4096, pue: 1.3 }, duration: 32, earliestStart: 0, latestStart: 64, price: 110, minAcceptanceRatio: 0.5 } }), 201);

    // The gate closes; nothing is published before the scheduler runs.
    h.clock.set(new Date(Date.parse(GATE) + 30_000));
    expect((await json(h.call('GET', `/v1/auctions/${id}`))).status).toBe('closed');
    expect((await h.call('GET', `/v1/auctions/${id}/result`)).status).toBe(409);
    expect((await h.call('POST', `/v1/auctions/${id}/bids`, { key: miner, json: { type: 'curve', from: 0, to: 96, steps: [{ mw: 1, price: 99 }] } })).status).toBe(409);

    // A scheduler tick clears it.
    await scheduler.tick();
    const cleared = await json(h.call('GET', `/v1/auctions/${id}`));
    expect(cleared.status).toBe('cleared');
    expect(Object.keys(cleared.timestamps)).toEqual(expect.arrayContaining(['openedAt', 'closedAt', 'clearingAt', 'clearedAt']));

    // Bidders read their allocations: all intervals, own bids only.
    const all = ResultSchema.parse(await json(h.call('GET', `/v1/auctions/${id}/result`)));
    const mine = ResultSchema.parse(await json(h.call('GET', `/v1/auctions/${id}/result`, { key: miner })));
    const theirs = ResultSchema.parse(await json(h.call('GET', `/v1/auctions/${id}/result`, { key: tenant })));
    expect(mine.bids.map((b) => b.id)).toEqual([minerBid.id]);
    expect(theirs.bids.map((b) => b.id).sort()).toEqual([block.id, gpu.id].sort());
    expect(mine.intervals).toHaveLength(96);
    expect(all.bids).toHaveLength(3);
    // Plenty of surplus: the tenant's firm blocks are accepted whole, at a start in their window.
    const blockRow = theirs.bids.find((b) => b.id === block.id)!;
    expect(blockRow).toMatchObject({ accepted: true, ratio: 1 });
    expect('start' in blockRow && blockRow.start! >= 4 && blockRow.start! <= 40).toBe(true);
    const minerRow = mine.bids[0]!;
    expect(minerRow.accepted).toBe(true);
    const before = 'mw' in minerRow ? minerRow.mw[2]! : 0;
    expect(before).toBeGreaterThan(5);
    // The same allocations as CSV: one row per interval of the miner's curve, amounts in cents.
    const resultCsv = (await (await h.call('GET', `/v1/auctions/${id}/result`, { key: miner, headers: { accept: 'text/csv' } })).text()).trim().split('\r\n');
    expect(resultCsv[0]).toMatch(/^auction_id,bidder_id,bid_id,/);
    expect(resultCsv.slice(1)).toHaveLength(96);
    expect(resultCsv.slice(1).every((row) => /,\d+\.\d{2},USD$/.test(row))).toBe(true);
    const book = await h.call('GET', `/v1/auctions/${id}/book`);
    expect(JSON.parse(await book.text()).bids).toHaveLength(3);

    // The operator curtails interval 2 to 5 MW: the miner's curve goes first.
    const cut = await json(h.call('POST', `/v1/auctions/${id}/curtailments`, { json: { intervals: [{ index: 2, surplusMw: 5 }] }, headers: { 'idempotency-key': 'cut-1' } }));
    expect(cut).toMatchObject({ changed: true, dispatchVersion: 1 });
    expect(cut.affectedBidders).toContain('miner-7');

    // The miner sees the notice; the tenant does not see the miner's.
    const feed = EventsPageSchema.parse(await json(h.call('GET', '/v1/events', { key: miner })));
    expect(feed.events).toHaveLength(1);
    const notice = feed.events[0]!;
    expect(notice).toMatchObject({ auctionId: id, bidderId: 'miner-7', curtailmentVersion: 1 });
    expect(notice.intervals[0]).toMatchObject({ index: 2, mwBefore: before });
    expect(notice.intervals[0]!.mwAfter).toBeLessThanOrEqual(5);
    expect(notice.event.intervals[0]!.payloads[0]!.values[0]).toBe(notice.intervals[0]!.mwAfter);
    const tenantFeed = EventsPageSchema.parse(await json(h.call('GET', '/v1/events', { key: tenant })));
    expect(tenantFeed.events.every((e) => e.bidderId === 'tenant-3')).toBe(true);

    // Delivery starts and ends; the scheduler moves the auction on.
    h.clock.set(new Date(Date.parse(DELIVERY) + 96 * 15 * 60_000 + 1_000));
    await scheduler.tick();
    const settled = await json(h.call('GET', `/v1/auctions/${id}`));
    expect(settled.status).toBe('settled');
    expect(settled.timestamps).toMatchObject({ deliveringAt: '2026-12-01T00:00:00Z', settledAt: '2026-12-02T00:00:00Z' });

    // Settlement: the miner's own statement (JSON = CSV), curtailed energy not charged; operator totals.
    const own = SettlementSchema.parse(await json(h.call('GET', `/v1/auctions/${id}/settlement`, { key: miner })));
    expect(own.final).toBe(true);
    expect(own.statements.map((s) => s.bidderId)).toEqual(['miner-7']);
    const line2 = own.statements[0]!.lines.filter((l) => l.interval === 2);
    expect(line2.reduce((s, l) => s + l.curtailedMwh, 0)).toBeGreaterThan(0);
    const csvRows = parseSettlementCsv(await (await h.call('GET', `/v1/auctions/${id}/settlement`, { key: miner, headers: { accept: 'text/csv' } })).text());
    expect(csvRows.map((r) => r.line)).toEqual(own.statements[0]!.lines);
    const op = SettlementSchema.parse(await json(h.call('GET', `/v1/auctions/${id}/settlement`)));
    expect(op.statements.map((s) => s.bidderId)).toEqual(['miner-7', 'tenant-3']);
    expect(op.totals!.revenue).toBeGreaterThan(0);
    expect(op.totals!.byClass.mining.curtailedMwh).toBeGreaterThan(0);
  });
});

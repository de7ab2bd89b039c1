// Review finding: GET /openadr3/events/{eventID} built every event of the bidder (a scan of up to
// 2,000 auctions) to answer for one id. It now reads the one auction the id names; the answer is
// the same object the list shows, another VEN's event or a made-up one is a 404.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { EventSchema } from '../../../lib/openadr/objects';
import { createLifecycleHarness, GATE, NOW, type LifecycleHarness, type Market } from '../lifecycle/harness';
import { oadrCall, venToken } from './support';

let h: LifecycleHarness;
let m: Market;
let call: ReturnType<typeof oadrCall>;
const tokens: Record<string, string> = {};
beforeAll(async () => {
  h = await createLifecycleHarness();
  h.clock.set(NOW);
  m = await h.setupAuction();
  h.clock.set(new Date(Date.parse(GATE) + 1_000));
  await h.tick();
  expect((await h.call('POST', `/v1/auctions/${m.auctionId}/curtailments`, { json: { intervals: [{ index: 1, surplusMw: 120 }, { index: 4, surplusMw: 30 }] } })).status).toBe(200);
  call = oadrCall(h.app);
  for (const b of ['miner-1', 'miner-2'] as const) tokens[b] = await venToken(h.app, m.keys[b]);
});
afterAll(async () => { await h.drop(); });

const eventsOf = async (bidder: string) => z.array(EventSchema).parse(await (await call('GET', '/openadr3/events', tokens[bidder]!)).json());

describe('GET /openadr3/events/{eventID}', () => {
  it('answers each listed event as the list shows it, without listing auctions', async () => {
    const listed = await eventsOf('miner-1');
    expect(listed.map((e) => e.id!.split('-')[0]).sort()).toEqual(['alloc', 'curt']);
    const scans = vi.spyOn(h.market.store.auctions, 'listAuctions');
    try {
      for (const event of listed) {
        const res = await call('GET', `/openadr3/events/${event.id}`, tokens['miner-1']!);
        expect(res.status).toBe(200);
        expect(EventSchema.parse(await res.json())).toEqual(event);
      }
      expect(scans).not.toHaveBeenCalled();
    } finally {
      scans.mockRestore();
    }
  });

  it('is a 404 for another VEN\'s event and for ids that name no event', async () => {
    const theirs = await eventsOf('miner-2');
    expect(theirs.length).toBeGreaterThan(0);
    for (const event of theirs) expect((await call('GET', `/openadr3/events/${event.id}`, tokens['miner-1']!)).status).toBe(404);
    const [version] = (await eventsOf('miner-1')).filter((e) => e.id!.startsWith('curt-')).map((e) => e.id!.split('-')[2]);
    const made = [
      `curt-${m.auctionId}-${Number(version) + 1}-${m.bids['miner-1']}`, // no such curtailment
      `alloc-${m.auctionId}-bid_99999999`, `alloc-auc_99999999-${m.bids['miner-1']}`, `alloc-${m.auctionId}`, `curt-${m.auctionId}-0-${m.bids['miner-1']}`,
    ];
    for (const id of made) expect((await call('GET', `/openadr3/events/${id}`, tokens['miner-1']!)).status, id).toBe(404);
  });
});

describe('POST /openadr3/reports names an event that exists', () => {
  const report = (eventID: string) => ({
    programID: 'mining-PK-NORTH', eventID, clientName: 'miner-1',
    resources: [{ resourceName: m.bids['miner-1'], intervals: [{ id: 2, payloads: [{ type: 'USAGE', values: [5_000] }] }] }],
  });

  it('a made-up curtailment version of one\'s own bid is a 400 at eventID and stores nothing; the real event is taken', async () => {
    const curt = (await eventsOf('miner-1')).find((e) => e.id!.startsWith('curt-'))!.id!;
    const [, auction, version, bid] = curt.split('-');
    const res = await call('POST', '/openadr3/reports', tokens['miner-1']!, report(`curt-${auction}-${Number(version) + 7}-${bid}`));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errors: { path: string }[] }).errors.map((e) => e.path)).toEqual(['eventID']);
    expect(await h.services.meter!.readReadings(m.auctionId)).toEqual([]);
    expect((await call('POST', '/openadr3/reports', tokens['miner-1']!, report(curt))).status).toBe(201);
    expect((await h.services.meter!.readReadings(m.auctionId)).map((r) => [r.bidId, r.interval, r.mwh])).toEqual([[m.bids['miner-1'], 2, 5]]);
  });
});

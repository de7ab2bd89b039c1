// USAGE reports (POST /openadr3/reports) and the plain meter API (POST /v1/auctions/{id}/meter-readings)
// on DynamoDB Local: from gate closure on, own events and resources only, units per the payload
// descriptor, a later reading replaces an earlier one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { EventSchema, ReportSchema } from '../../../lib/openadr/objects';
import { createLifecycleHarness, GATE, NOW, type LifecycleHarness, type Market } from '../lifecycle/harness';
import { oadrCall, strictly, venToken } from './support';

let h: LifecycleHarness;
let m: Market;
let call: ReturnType<typeof oadrCall>;
let token1: string;
let token2: string;
beforeAll(async () => {
  h = await createLifecycleHarness();
  h.clock.set(NOW);
  m = await h.setupAuction();
  call = oadrCall(h.app);
  token1 = await venToken(h.app, m.keys['miner-1']);
  token2 = await venToken(h.app, m.keys['miner-2']);
});
afterAll(async () => { await h.drop(); });

const usage = (eventID: string, resourceName: string, kwh: number[], units = 'KWH') => ({
  programID: 'mining-PK-NORTH', eventID, clientName: 'miner-1',
  payloadDescriptors: [{ objectType: 'REPORT_PAYLOAD_DESCRIPTOR', payloadType: 'USAGE', readingType: 'DIRECT_READ', units }],
  resources: [{ resourceName, intervals: kwh.map((v, id) => ({ id, payloads: [{ type: 'USAGE', values: [v] }] })) }],
});

const readings = async () => (await h.services.meter!.readReadings(m.auctionId)).map((r) => [r.bidId, r.interval, r.mwh, r.source]);

describe('meter readings', () => {
  it('are refused before gate closure (409)', async () => {
    const res = await h.call('POST', `/v1/auctions/${m.auctionId}/meter-readings`, { key: m.keys['miner-1'], json: { readings: [{ bidId: m.bids['miner-1'], interval: 0, mwh: 1 }] } });
    expect(res.status).toBe(409);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
  });

  it('USAGE reports: own event and resource, KWH → MWh; another\'s is refused (403); bad units 400', async () => {
    h.clock.set(new Date(Date.parse(GATE) + 1_000));
    await h.tick();
    // Tokens last an hour: the clock moved 11 h since the first ones.
    expect((await call('GET', '/openadr3/events', token1)).status).toBe(401);
    token1 = await venToken(h.app, m.keys['miner-1']);
    token2 = await venToken(h.app, m.keys['miner-2']);
    const listed = await (await call('GET', '/openadr3/events', token1)).json();
    const events = z.array(EventSchema).parse(listed);
    const eventID = events[0]!.id!;
    const res = await call('POST', '/openadr3/reports', token1, usage(eventID, m.bids['miner-1'], [10_000, 20_000]));
    expect(res.status).toBe(201);
    const report = strictly(ReportSchema, await res.json());
    expect(report).toMatchObject({ objectType: 'REPORT', eventID, clientName: 'miner-1' });
    expect(await readings()).toEqual([[m.bids['miner-1'], 0, 10, 'openadr3'], [m.bids['miner-1'], 1, 20, 'openadr3']]);

    // Another bidder's resource, event, VEN name; wrong units; an unknown event.
    expect((await call('POST', '/openadr3/reports', token1, usage(eventID, m.bids['miner-2'], [1]))).status).toBe(403);
    expect((await call('POST', '/openadr3/reports', token2, { ...usage(eventID, m.bids['miner-2'], [1]), clientName: 'miner-2' })).status).toBe(403);
    expect((await call('POST', '/openadr3/reports', token2, usage(eventID, m.bids['miner-1'], [1]))).status).toBe(403);
    expect((await call('POST', '/openadr3/reports', token1, usage(eventID, m.bids['miner-1'], [1], 'KW'))).status).toBe(400);
    expect((await call('POST', '/openadr3/reports', token1, usage('nope', m.bids['miner-1'], [1]))).status).toBe(400);
    expect((await call('POST', '/openadr3/reports', token1, { programID: 'x' })).status).toBe(400);
    expect((await call('POST', '/openadr3/reports', token1, usage(eventID, m.bids['miner-1'], [-1]))).status).toBe(400);
    expect(await readings()).toHaveLength(2);

    // A later report of interval 1 replaces the earlier reading; by intervalPeriod.start too.
    h.clock.advance(1000);
    const later = usage(eventID, m.bids['miner-1'], [])
    later.resources[0]!.intervals = [{ id: 99, intervalPeriod: { start: '2026-12-01T00:15:00Z' }, payloads: [{ type: 'USAGE', values: [5_000] }] }] as never;
    expect((await call('POST', '/openadr3/reports', token1, later)).status).toBe(201);
    expect(await readings()).toEqual([[m.bids['miner-1'], 0, 10, 'openadr3'], [m.bids['miner-1'], 1, 5, 'openadr3']]);
  });

  it('the plain API: JSON and CSV, own bids only (another\'s is a 404), bad input a 4xx problem', async () => {
    h.clock.advance(1000);
    const post = (key: string, body: { json?: unknown; body?: string; headers?: Record<string, string> }) => h.call('POST', `/v1/auctions/${m.auctionId}/meter-readings`, { key, ...body });
    const res = await post(m.keys['miner-2'], { json: { readings: [{ bidId: m.bids['miner-2'], interval: 3, mwh: 12.5 }] } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ auctionId: m.auctionId, accepted: 1, superseded: 0 });
    const csv = await post(m.keys['miner-2'], { body: `bid_id,interval,mwh\r\n${m.bids['miner-2']},4,7.25\r\n`, headers: { 'content-type': 'text/csv' } });
    expect(csv.status).toBe(200);
    expect((await readings()).filter((r) => r[0] === m.bids['miner-2'])).toEqual([[m.bids['miner-2'], 3, 12.5, 'api'], [m.bids['miner-2'], 4, 7.25, 'api']]);
    expect((await post(m.keys['miner-2'], { json: { readings: [{ bidId: m.bids['miner-1'], interval: 3, mwh: 1 }] } })).status).toBe(404);
    expect((await post(m.keys['miner-2'], { json: { readings: [{ bidId: m.bids['miner-2'], interval: 8, mwh: 1 }] } })).status).toBe(422);
    expect((await post(m.keys['miner-2'], { json: { readings: [{ bidId: m.bids['miner-2'], interval: 1, mwh: -1 }] } })).status).toBe(400);
    expect((await post(m.keys['miner-2'], { body: 'bid,interval\r\nx,1', headers: { 'content-type': 'text/csv' } })).status).toBe(400);
    expect((await h.call('POST', `/v1/auctions/${m.auctionId}/meter-readings`, { json: { readings: [{ bidId: m.bids['miner-2'], interval: 1, mwh: 1 }] } })).status).toBe(403);
  });
});

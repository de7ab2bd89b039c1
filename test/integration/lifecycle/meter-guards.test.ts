// Meter readings on DynamoDB Local through the real app (red-team findings): numbers DynamoDB
// cannot hold are a 400 with nothing written; a write that fails midway leaves the meter version
// counting exactly what was stored; 10,000 distinct bids are looked up in one pass and the first
// unknown one is a 422 naming its path; once the auction is settled, readings are a 409, and once
// its first final statement is computed the write's own condition refuses them (a reading racing
// the settlement past the use case's check cannot change a final statement).
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SettlementPageSchema } from '../../../schemas/lifecycle';
import { InvalidReadingError, READINGS_PER_TRANSACTION } from '../../../lib/store/repositories/meter-repository';
import type { MeterReading } from '../../../lib/lifecycle/meter-readings';
import { EventSchema } from '../../../lib/openadr/objects';
import { z } from 'zod';
import { ProblemSchema } from '../../../schemas/api/common';
import { oadrCall, venToken } from '../openadr3/support';
import { withFaults, type FaultPlan } from './fault-injection';
import { createLifecycleHarness, DELIVERY_END, GATE, NOW, type LifecycleHarness, type Market } from './harness';

const plan: FaultPlan = { budget: undefined, mode: 'before', writes: 0 };
/** DynamoDB requests by command name, counted while `counting` is set. */
const sent = new Map<string, number>();
let counting = false;
const counted = (doc: DynamoDBDocumentClient): DynamoDBDocumentClient => new Proxy(doc, {
  get: (target, prop, receiver) => (prop === 'send'
    ? (command: { constructor: { name: string } }) => {
      if (counting) sent.set(command.constructor.name, (sent.get(command.constructor.name) ?? 0) + 1);
      return target.send(command as never);
    }
    : Reflect.get(target, prop, receiver)),
});

let h: LifecycleHarness;
let m: Market;
beforeAll(async () => {
  h = await createLifecycleHarness({ wrapDoc: (doc) => counted(withFaults(doc, plan)) });
  h.clock.set(NOW);
  m = await h.setupAuction();
  h.clock.set(new Date(Date.parse(GATE) + 1_000));
  await h.tick();
});
afterAll(async () => { await h.drop(); });

const meter = () => h.services.meter!;
const post = (key: string, body: { json?: unknown; body?: string; headers?: Record<string, string> }) =>
  h.call('POST', `/v1/auctions/${m.auctionId}/meter-readings`, { key, ...body });
const reading = (bidId: string, interval: number, mwh: number): MeterReading =>
  ({ auctionId: m.auctionId, bidId, bidderId: 'miner-1', interval, mwh, readAt: h.clock.now().toISOString(), source: 'api' });

describe('meter readings: numbers DynamoDB cannot hold', () => {
  it.each([1e-200, 1e-131, 5e-10, 1e130])('mwh %s → 400 problem naming the field, nothing written', async (mwh) => {
    const res = await post(m.keys['miner-1'], { json: { readings: [{ bidId: m.bids['miner-1'], interval: 0, mwh: 1 }, { bidId: m.bids['miner-1'], interval: 1, mwh }] } });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(JSON.stringify(await res.json())).toContain('"path":"readings[1].mwh"');
    expect(await meter().readReadings(m.auctionId)).toEqual([]);
    expect(await meter().meterVersion(m.auctionId)).toBe(0);
  });

  it('CSV with 200 decimal places → 400; the repository refuses such a batch before any write', async () => {
    const csv = `bid_id,interval,mwh\r\n${m.bids['miner-1']},0,1\r\n${m.bids['miner-1']},1,0.${'0'.repeat(199)}1\r\n`;
    const res = await post(m.keys['miner-1'], { body: csv, headers: { 'content-type': 'text/csv' } });
    expect(res.status).toBe(400);
    const batch = [reading(m.bids['miner-1'], 0, 1), reading(m.bids['miner-1'], 1, 2), reading(m.bids['miner-1'], 2, 1e-200)];
    await expect(meter().putReadings(m.auctionId, batch)).rejects.toBeInstanceOf(InvalidReadingError);
    expect(await meter().readReadings(m.auctionId)).toEqual([]);
    expect(await meter().meterVersion(m.auctionId)).toBe(0);
  });

  it('an imbalance price of 1e-200 or 1e130 at auction creation → 400, not 500', async () => {
    for (const imbalancePrice of [1e-200, 1e130]) {
      const res = await h.call('POST', '/v1/auctions', { json: { zone: 'PK-NORTH', deliveryStart: '2026-12-02T00:00:00Z', intervalMinutes: 15, intervalCount: 4, gateClosure: '2026-12-01T23:00:00Z', imbalancePrice } });
      expect(res.status, String(imbalancePrice)).toBe(400);
      expect(JSON.stringify(await res.json())).toContain('imbalancePrice');
    }
  });
});

describe('meter readings: a write that fails midway', () => {
  it('the version counts the chunk that was stored, so the settlement shows exactly the stored readings', async () => {
    const before = SettlementPageSchema.parse(await (await h.call('GET', `/v1/auctions/${m.auctionId}/settlement`)).json());
    expect(before.statements.every((s) => s.metering === undefined)).toBe(true);
    // Two chunks' worth: bid × interval are only 8 per bid, so other auctions' bids are not
    // needed — distinct (bid, interval) pairs of miner-1 on many fake bid ids go through the
    // repository directly (the use case would refuse unknown bids).
    const batch = Array.from({ length: READINGS_PER_TRANSACTION + 10 }, (_, i) => reading(i === 0 ? m.bids['miner-1'] : `ghost-${i}`, 0, 1 + i));
    plan.writes = 0;
    plan.budget = 1; // the first transaction commits, the second crashes
    await expect(meter().putReadings(m.auctionId, batch)).rejects.toThrow(/refused/);
    plan.budget = undefined;
    const stored = await meter().readReadings(m.auctionId);
    expect(stored).toHaveLength(READINGS_PER_TRANSACTION);
    expect(await meter().meterVersion(m.auctionId)).toBe(1);
    const after = SettlementPageSchema.parse(await (await h.call('GET', `/v1/auctions/${m.auctionId}/settlement`)).json());
    const own = after.statements.find((s) => s.bidderId === 'miner-1')!;
    expect(own.metering).toBe('metered');
    expect(own.lines.find((l) => l.bidId === m.bids['miner-1'] && l.interval === 0)?.meteredMwh).toBe(1);
  });
});

describe('meter readings: concurrent writers', () => {
  it('five concurrent batches of 300 (sharing the version item) all land; the version counts every transaction', async () => {
    const before = await meter().meterVersion(m.auctionId);
    const count = (await meter().readReadings(m.auctionId)).length;
    h.clock.advance(1_000);
    const batches = Array.from({ length: 5 }, (_, w) => Array.from({ length: 300 }, (_, i) => reading(`par-${w}-${Math.floor(i / 8)}`, i % 8, 1)));
    const outs = await Promise.all(batches.map((b) => meter().putReadings(m.auctionId, b)));
    expect(outs).toEqual(batches.map(() => ({ written: 300, superseded: 0 })));
    expect((await meter().readReadings(m.auctionId)).length).toBe(count + 1500);
    expect(await meter().meterVersion(m.auctionId)).toBe(before + 5 * Math.ceil(300 / READINGS_PER_TRANSACTION));
  });
});

describe('meter readings: bids looked up in one pass', () => {
  it('10,000 distinct bids, the second unknown → 404 naming readings[1] (as for another bidder\'s bid), in a handful of requests', async () => {
    const readings = Array.from({ length: 10_000 }, (_, i) => ({ bidId: i === 0 ? m.bids['miner-1'] : `nope-${String(i).padStart(5, '0')}`, interval: 0, mwh: 1 }));
    sent.clear();
    counting = true;
    const res = await post(m.keys['miner-1'], { json: { readings } });
    counting = false;
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(await res.json()).toMatchObject({ errors: [{ path: 'readings[1]', message: expect.stringContaining('nope-00001') }] });
    // One listing of the bidder's bids and one read of the first id not in it (plus the auction).
    expect(sent.get('GetCommand') ?? 0).toBeLessThanOrEqual(4);
    expect(sent.get('QueryCommand') ?? 0).toBeLessThanOrEqual(3);
    expect(sent.get('TransactWriteCommand') ?? 0).toBe(0);
  });

  it('another bidder\'s bid is still a 404, and own bids (many distinct) are accepted', async () => {
    const foreign = await post(m.keys['miner-1'], { json: { readings: [{ bidId: m.bids['miner-2'], interval: 0, mwh: 1 }] } });
    expect(foreign.status).toBe(404);
    const body = ProblemSchema.parse(await foreign.json());
    expect(body).toMatchObject({ errors: [{ path: 'readings[0]' }] });
    // the same answer as for a bid id the auction does not have: others' ids are never confirmed
    const unknown = await post(m.keys['miner-1'], { json: { readings: [{ bidId: 'bid_nope', interval: 0, mwh: 1 }] } });
    const unknownBody = ProblemSchema.parse(await unknown.json());
    expect(unknown.status).toBe(404);
    expect(unknownBody.detail).toBe(body.detail);
    expect(unknownBody.errors?.[0]?.message.replace('bid_nope', 'X')).toBe(body.errors?.[0]?.message.replace(m.bids['miner-2']!, 'X'));
    h.clock.advance(1_000);
    const own = await post(m.keys['miner-1'], { json: { readings: Array.from({ length: 8 }, (_, t) => ({ bidId: m.bids['miner-1'], interval: t, mwh: 2 })) } });
    expect(own.status).toBe(200);
    expect(await own.json()).toMatchObject({ accepted: 8, superseded: 0 });
  });
});

describe('meter readings: writes that keep conflicting with other writers', () => {
  it('the repository reports what it stored (busy) instead of failing; the API answers 503 and stores nothing more', async () => {
    const auctionReadings = async () => (await meter().readReadings(m.auctionId)).length;
    const before = await auctionReadings();
    const batch = Array.from({ length: READINGS_PER_TRANSACTION + 10 }, (_, i) => reading(`busy-${i}`, 0, 1 + i));
    plan.conflictAfter = 1; plan.transactions = 0; // the first chunk commits, the second never wins
    try {
      expect(await meter().putReadings(m.auctionId, batch)).toEqual({ written: READINGS_PER_TRANSACTION, superseded: 0, busy: true });
      expect(await auctionReadings()).toBe(before + READINGS_PER_TRANSACTION);
      plan.conflictAfter = 0; plan.transactions = 0;
      const res = await post(m.keys['miner-1'], { json: { readings: [{ bidId: m.bids['miner-1'], interval: 5, mwh: 3 }] } });
      expect(res.status).toBe(503);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(ProblemSchema.parse(await res.json()).detail).toMatch(/0 of its readings were stored; send it again/);
    } finally {
      plan.conflictAfter = undefined;
    }
    expect(await auctionReadings()).toBe(before + READINGS_PER_TRANSACTION);
  });
});

describe('meter readings after settlement', () => {
  const finalText = async () => (await h.call('GET', `/v1/auctions/${m.auctionId}/settlement`)).text();
  let final = '';

  it('a write racing the settlement (past the use case\'s check) before any final statement lands, and the first final statement has it', async () => {
    h.clock.set(new Date(Date.parse(DELIVERY_END) + 1_000));
    await h.tick();
    expect((await h.services.store.getAuction(m.auctionId))!.status).toBe('settled');
    expect(await meter().putReadings(m.auctionId, [reading(m.bids['miner-1'], 3, 7.5)])).toEqual({ written: 1, superseded: 0 });
    final = await finalText();
    const s = SettlementPageSchema.parse(JSON.parse(final));
    expect(s.final).toBe(true);
    expect(s.statements.flatMap((st) => st.lines).find((l) => l.bidId === m.bids['miner-1'] && l.interval === 3)?.meteredMwh).toBe(7.5);
  });

  it('once a final statement exists, the write itself refuses readings (the race cannot slip through): nothing stored, version and statements unchanged', async () => {
    const version = await meter().meterVersion(m.auctionId);
    const count = (await meter().readReadings(m.auctionId)).length;
    h.clock.advance(1_000);
    const out = await meter().putReadings(m.auctionId, [reading(m.bids['miner-1'], 1, 500), reading(m.bids['miner-1'], 7, 1)]);
    expect(out).toMatchObject({ written: 0, settled: true });
    expect(await meter().readReadings(m.auctionId)).toHaveLength(count);
    expect(await meter().meterVersion(m.auctionId)).toBe(version);
    expect(await finalText()).toBe(final);
  });

  it('the API refuses readings for a settled auction with a 409 problem', async () => {
    const version = await meter().meterVersion(m.auctionId);
    h.clock.advance(1_000);
    const res = await post(m.keys['miner-1'], { json: { readings: [{ bidId: m.bids['miner-1'], interval: 1, mwh: 500 }] } });
    expect(res.status).toBe(409);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(await res.json()).toMatchObject({ type: expect.stringContaining('settled'), detail: expect.stringContaining('settled') });
    expect(await meter().meterVersion(m.auctionId)).toBe(version);
    expect(await finalText()).toBe(final);
  });

  it('an OpenADR USAGE report for a settled auction is a 409 too', async () => {
    const call = oadrCall(h.app);
    const token = await venToken(h.app, m.keys['miner-1']);
    const events = z.array(EventSchema).parse(await (await call('GET', '/openadr3/events', token)).json());
    const event = events.find((e) => e.id?.includes(m.auctionId));
    expect(event).toBeDefined();
    const version = await meter().meterVersion(m.auctionId);
    const res = await call('POST', '/openadr3/reports', token, {
      programID: event!.programID, eventID: event!.id, clientName: 'miner-1',
      resources: [{ resourceName: m.bids['miner-1'], intervals: [{ id: 3, payloads: [{ type: 'USAGE', values: [1_000] }] }] }],
    });
    expect(res.status).toBe(409);
    expect(JSON.stringify(await res.json())).toContain('is settled');
    expect(await meter().meterVersion(m.auctionId)).toBe(version);
  });
});

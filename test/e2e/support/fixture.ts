// A small cleared auction (8 × 15 min, three bidders) used where the browser tests need a
// published result the API does not serve yet. Hand-made, consistent with SPEC §3's formats.
import { BookSchema, type Book } from '../../../schemas/book';
import { ResultSchema, type ClearingResult } from '../../../schemas/result';
import { CurtailmentNoticeSchema, SettlementSchema, type CurtailmentNotice, type Settlement } from '../../../schemas/lifecycle';

export const FIXTURE_BOOK: Book = BookSchema.parse({
  format: 'surplus-auction/v1',
  auction: { id: 'PK-NORTH-FIXTURE', zone: 'PK-NORTH', deliveryStart: '2026-12-01T00:00:00Z', intervalMinutes: 15, currency: 'USD', pricing: 'uniform' },
  intervals: [2000, 2000, 1800, 1600, 1600, 1800, 2000, 2000].map((surplusMw, i) => ({ surplusMw, reservePrice: i < 4 ? 30 : 35 })),
  bids: [
    { id: 'b-1', bidder: 'miner-7', class: 'mining', type: 'curve', from: 0, to: 8, steps: [{ mw: 900, price: 70 }, { mw: 400, price: 52.5 }] },
    { id: 'b-2', bidder: 'tenant-3', class: 'ai', type: 'block', mw: 600, duration: 4, earliestStart: 0, latestStart: 4, price: 95, minAcceptanceRatio: 1 },
    { id: 'b-3', bidder: 'tenant-4', class: 'ai', type: 'block', mw: 500, duration: 8, earliestStart: 0, latestStart: 0, price: 41, minAcceptanceRatio: 1 },
    { id: 'b-4', bidder: 'miner-9', class: 'mining', type: 'curve', from: 2, to: 6, steps: [{ mw: 300, price: 33 }] },
  ],
});

export const FIXTURE_RESULT: ClearingResult = ResultSchema.parse({
  format: 'surplus-clearing/v1',
  auctionId: 'PK-NORTH-FIXTURE',
  inputDigest: `sha256:${'ab'.repeat(32)}`,
  intervals: [
    { price: 30, aiMw: 600, miningMw: 1300, unallocatedMw: 100 },
    { price: 30, aiMw: 600, miningMw: 1300, unallocatedMw: 100 },
    { price: 52.5, aiMw: 600, miningMw: 1200, unallocatedMw: 0 },
    { price: 70, aiMw: 600, miningMw: 1000, unallocatedMw: 0 },
    { price: 35, aiMw: 0, miningMw: 1600, unallocatedMw: 0 },
    { price: 35, aiMw: 0, miningMw: 1600, unallocatedMw: 200 },
    { price: 35, aiMw: 0, miningMw: 1300, unallocatedMw: 700 },
    { price: 35, aiMw: 0, miningMw: 1300, unallocatedMw: 700 },
  ],
  bids: [
    { id: 'b-1', accepted: true, mw: [1300, 1300, 1200, 1000, 1300, 1300, 1300, 1300] },
    { id: 'b-2', accepted: true, start: 0, ratio: 1 },
    { id: 'b-3', accepted: false, ratio: 0 },
    { id: 'b-4', accepted: true, mw: [0, 0, 300, 300] },
  ],
  welfare: 123456.75,
  bound: 123500,
  optimal: false,
  paradoxicallyRejected: ['b-3'],
  stats: {},
});

const totals = (deliveredMwh: number, curtailedMwh: number, charge: number) => ({ deliveredMwh, curtailedMwh, charge });

/** Provisional settlement of the fixture (statement lines left out: the dashboard shows totals). */
export const FIXTURE_SETTLEMENT: Settlement = SettlementSchema.parse({
  format: 'surplus-settlement/v1', auctionId: 'PK-NORTH-FIXTURE', currency: 'USD', pricing: 'uniform', dispatchVersion: 1, final: false,
  statements: [
    { bidderId: 'miner-7', lines: [], totals: totals(2425, 75, 95_312.5) },
    { bidderId: 'miner-9', lines: [], totals: totals(150, 0, 6_037.5) },
    { bidderId: 'tenant-3', lines: [], totals: totals(600, 0, 27_150) },
  ],
  totals: { revenue: 128_500, deliveredMwh: 3175, curtailedMwh: 75, byClass: { ai: totals(600, 0, 27_150), mining: totals(2575, 75, 101_350) } },
});

/** miner-7 curtailed in intervals 6 and 7 (1,300 → 1,150 MW). */
export const FIXTURE_NOTICE: CurtailmentNotice = CurtailmentNoticeSchema.parse({
  eventId: 'c'.repeat(64), type: 'curtailment', auctionId: 'PK-NORTH-FIXTURE', bidderId: 'miner-7', curtailmentVersion: 1,
  noticeTime: '2026-12-01T01:10:00Z',
  intervals: [6, 7].map((index) => ({
    index, start: `2026-12-01T01:${index === 6 ? '30' : '45'}:00Z`, duration: 'PT15M', mwBefore: 1300, mwAfter: 1150,
    bids: [{ bidId: 'b-1', mwBefore: 1300, mwAfter: 1150 }],
  })),
  event: {
    objectType: 'EVENT', programID: 'PK-NORTH-FIXTURE', eventName: 'curtailment 1', priority: 0,
    payloadDescriptors: [{ objectType: 'EVENT_PAYLOAD_DESCRIPTOR', payloadType: 'IMPORT_CAPACITY_LIMIT', units: 'MW' }],
    intervalPeriod: { start: '2026-12-01T01:30:00Z', duration: 'PT30M' },
    intervals: [6, 7].map((id) => ({ id, intervalPeriod: { start: `2026-12-01T01:${id === 6 ? '30' : '45'}:00Z`, duration: 'PT15M' }, payloads: [{ type: 'IMPORT_CAPACITY_LIMIT', values: [1150] }] })),
  },
});

// One valid body per operation that takes one (SPEC §4 examples), with the top-level fields its
// schema requires: the fuzz suite corrupts these, so every request it sends is wrong in a known way.
import { blockBid, curveBid, forecast } from './bodies';
import { DELIVERY, GATE } from './api';

export interface BodySample { value: Record<string, unknown>; required: readonly string[] }

export const BODY_SAMPLES: Record<string, readonly BodySample[]> = {
  'POST /v1/keys': [
    { value: { role: 'bidder', bidderId: 'fuzz-1', classes: ['mining'] }, required: ['role', 'bidderId', 'classes'] },
    { value: { role: 'operator' }, required: ['role'] },
  ],
  'POST /v1/auctions': [
    { value: { zone: 'PK-NORTH', deliveryStart: DELIVERY, intervalMinutes: 15, intervalCount: 96, gateClosure: GATE }, required: ['zone', 'deliveryStart', 'intervalMinutes', 'intervalCount', 'gateClosure'] },
  ],
  'PUT /v1/auctions/{id}/forecast': [
    { value: forecast(96), required: ['intervals'] },
    // Market design v2: a firm level under the surplus.
    { value: { intervals: forecast(96).intervals.map((i) => ({ ...i, firmMw: 1500 })) }, required: ['intervals'] },
  ],
  'POST /v1/auctions/{id}/bids': [
    { value: curveBid, required: ['type', 'from', 'to', 'steps'] },
    { value: blockBid, required: ['type', 'mw', 'duration', 'earliestStart', 'latestStart', 'price'] },
    // Market design v2: a firm curve with an indexed step; an interruptible profile block in an exclusive group.
    { value: { ...curveBid, firmness: 'firm', steps: [{ mw: 10, index: { name: 'hashprice', jPerTh: 17.5, share: 0.9 } }, { mw: 5, price: 40 }] }, required: ['type', 'from', 'to', 'steps'] },
    { value: { type: 'block', profile: [10, 20, 30, 40], duration: 4, earliestStart: 0, latestStart: 10, price: 95, minAcceptanceRatio: 1, firmness: 'interruptible', exclusiveGroup: 'site-a' }, required: ['type', 'profile', 'duration', 'earliestStart', 'latestStart', 'price'] },
  ],
  'PUT /v1/auctions/{id}/indices': [{ value: { hashprice: { value: 14250, asOf: '2026-11-30T11:00:00Z', source: 'fuzz feed' } }, required: ['hashprice'] }],
  'PATCH /v1/auctions/{id}/bids/{bidId}': [{ value: { from: 0, to: 96, steps: [{ mw: 10, price: 50 }] }, required: [] }],
  'POST /v1/auctions/{id}/clear': [{ value: { force: true }, required: [] }],
  'POST /v1/auctions/{id}/curtailments': [{ value: { intervals: [{ index: 0, surplusMw: 100 }] }, required: ['intervals'] }],
  'PUT /v1/webhook': [{ value: { url: 'https://example.com/hook' }, required: ['url'] }],
};

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
  'PUT /v1/auctions/{id}/forecast': [{ value: forecast(96), required: ['intervals'] }],
  'POST /v1/auctions/{id}/bids': [
    { value: curveBid, required: ['type', 'from', 'to', 'steps'] },
    { value: blockBid, required: ['type', 'mw', 'duration', 'earliestStart', 'latestStart', 'price'] },
  ],
  'PATCH /v1/auctions/{id}/bids/{bidId}': [{ value: { from: 0, to: 96, steps: [{ mw: 10, price: 50 }] }, required: [] }],
  'POST /v1/auctions/{id}/clear': [{ value: { force: true }, required: [] }],
  'POST /v1/auctions/{id}/curtailments': [{ value: { intervals: [{ index: 0, surplusMw: 100 }] }, required: ['intervals'] }],
  'PUT /v1/webhook': [{ value: { url: 'https://example.com/hook' }, required: ['url'] }],
};

// A small market-design-v2 auction (8 × 60 min in Karachi, 100 MW of which 40 MW firm): firm and
// interruptible blocks, an exclusive group, a linked child, a profile block, a hashprice-indexed
// step. Its result is the real engine's (clearV2Fixture), so the reasons and firm figures the
// dashboard and CLI tests show are the ones the broker would publish.
import { clearBook, validateBook } from '../../../lib/clearing';
import { BookSchema, type Book } from '../../../schemas/book';
import type { ClearingResult } from '../../../schemas/result';
import { StoredBidSchema, type StoredBid } from '../../../schemas/api/bids';

const block = (id: string, bidder: string, mw: number, duration: number, earliestStart: number, latestStart: number, price: number, extra: Record<string, unknown> = {}) => ({
  id, bidder, class: 'ai', type: 'block', mw, duration, earliestStart, latestStart, price, minAcceptanceRatio: 1, ...extra,
});

export const V2_BOOK: Book = BookSchema.parse({
  format: 'surplus-auction/v1',
  auction: { id: 'PK-NORTH-V2', zone: 'PK-NORTH', deliveryStart: '2026-12-01T00:00:00Z', intervalMinutes: 60, currency: 'USD', pricing: 'uniform', timeZone: 'Asia/Karachi' },
  intervals: Array.from({ length: 8 }, () => ({ surplusMw: 100, reservePrice: 10, firmMw: 40 })),
  indices: { hashprice: { value: 50, asOf: '2026-11-30T22:00:00Z', source: 'fixture' } },
  bids: [
    block('ai-a', 'tenant-3', 40, 8, 0, 0, 100),
    block('ai-b', 'tenant-3', 40, 8, 0, 0, 80),
    block('site-a', 'tenant-5', 30, 4, 0, 4, 90, { firmness: 'interruptible', exclusiveGroup: 'campus' }),
    block('site-b', 'tenant-5', 20, 4, 0, 4, 85, { firmness: 'interruptible', exclusiveGroup: 'campus' }),
    block('phase-1', 'tenant-6', 10, 2, 0, 0, 5, { firmness: 'interruptible' }),
    block('phase-2', 'tenant-6', 10, 2, 2, 2, 12, { firmness: 'interruptible', parentId: 'phase-1' }),
    { ...block('ramp', 'tenant-7', 0, 5, 0, 3, 95, { firmness: 'interruptible', profile: [5, 10, 20, 10, 5] }), mw: undefined },
    block('late', 'tenant-8', 50, 4, 0, 4, 30, { firmness: 'interruptible' }),
    { id: 'hash-1', bidder: 'miner-7', class: 'mining', type: 'curve', from: 0, to: 8, steps: [
      { mw: 30, price: 93.75, index: { name: 'hashprice', jPerTh: 20, share: 0.9 } }, { mw: 50, price: 40 },
    ] },
    { id: 'cheap-1', bidder: 'miner-7', class: 'mining', type: 'curve', from: 0, to: 8, steps: [{ mw: 100, price: 15 }] },
  ],
});

/** The v2 book cleared by the engine (validated first, as the broker does). */
export async function clearV2Fixture(): Promise<ClearingResult> {
  const v = validateBook(V2_BOOK);
  if (!v.ok) throw new Error(`fixture book invalid: ${JSON.stringify(v.issues)}`);
  return clearBook(v.book);
}

export const V2_STAMPS = { createdAt: '2026-11-20T00:00:00Z', updatedAt: '2026-11-20T00:00:00Z' };

/** The book's bids as GET …/bids serves them: bookkeeping added, indexed steps without a price. */
export const V2_STORED_BIDS: StoredBid[] = V2_BOOK.bids.map((bid) => StoredBidSchema.parse({
  ...bid, ...(bid.type === 'curve' ? { steps: bid.steps.map(({ price, ...step }) => (step.index ? step : { ...step, price })) } : {}),
  auctionId: V2_BOOK.auction.id, ...V2_STAMPS,
}));

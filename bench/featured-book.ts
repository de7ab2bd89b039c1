// Market-v2 features on a generated book (issue #10's featured benchmark books): firmMw 60–90 % of
// each interval's surplus; 30 % of tenants use an exclusive group (a second site), a linked block
// (a follow-on job only with the first) or a ramping profile; 30 % of miner steps priced by
// hashprice; a few interruptible AI blocks (training that can pause) and firm miner curves.
// Draws come from their own seeded stream, so the base book is the generator's, unchanged.
import type { BlockBid, Book, BookBid, CurveBid, CurveStep } from '../schemas/book';
import { indexedPrice } from '../schemas/indexed-price';
import { rng } from './book-generator';

/** Hashprice, USD per PH/s per day (late-2026 order of magnitude). */
const HASHPRICE = 50;
const round4 = (x: number) => Math.round(x * 1e4) / 1e4;
const kw = (x: number) => Math.max(0.001, Math.round(x * 1000) / 1000);

export function featureBook(book: Book, seed: number): Book {
  const r = rng(seed ^ 0x5eed_f00d);
  const indices = { hashprice: { value: HASHPRICE, asOf: '2026-11-30T23:00:00Z', source: 'bench' } };
  const intervals = book.intervals.map((iv) => ({ ...iv, firmMw: Math.round(iv.surplusMw * (0.6 + 0.3 * r())) }));
  const indexStep = (s: CurveStep): CurveStep => {
    if (r() >= 0.3) return s;
    const jPerTh = [15, 20, 25, 30][Math.floor(r() * 4)]!;
    // the share that prices the step near what the miner bid by hand
    const share = Math.min(10, Math.max(0.0001, round4((s.price * 0.024 * jPerTh) / HASHPRICE)));
    const index = { name: 'hashprice' as const, jPerTh, share };
    return { ...s, index, price: indexedPrice(index, indices)! };
  };
  const bids: BookBid[] = book.bids.map((b) => (b.type === 'curve' ? curveFeatures(b, r, indexStep) : b));
  // Tenants in id order, so that the features do not depend on the book's shuffled bid order.
  const blockAt = new Map<string, number>();
  bids.forEach((b, i) => { if (b.type === 'block') blockAt.set(b.id, i); });
  const ids = [...blockAt.keys()].sort((a, b) => Number(a.slice(2)) - Number(b.slice(2)));
  for (let n = 0; n < ids.length; n++) {
    const i = blockAt.get(ids[n]!)!;
    const k = bids[i] as BlockBid;
    if (r() < 0.1) bids[i] = { ...k, firmness: 'interruptible' };
    if (r() >= 0.3 || n + 1 >= ids.length) continue;
    const kind = Math.floor(r() * 3);
    const j = blockAt.get(ids[n + 1]!)!;
    const next = bids[j] as BlockBid;
    if (kind === 2) {
      const mw = k.mw!;
      const { mw: _flat, ...rest } = bids[i] as BlockBid;
      bids[i] = { ...rest, profile: Array.from({ length: k.duration }, (_, q) => kw(mw * (0.5 + (0.5 * (q + 1)) / k.duration))) };
      continue;
    }
    // the next tenant's block becomes this tenant's alternative site or follow-on job
    bids[j] = kind === 0 ? { ...next, bidder: k.bidder, exclusiveGroup: 'site' } : { ...next, bidder: k.bidder, parentId: k.id };
    if (kind === 0) bids[i] = { ...bids[i] as BlockBid, exclusiveGroup: 'site' };
    n++; // the next block is taken
  }
  return { ...book, intervals, bids, indices };
}

function curveFeatures(c: CurveBid, r: () => number, indexStep: (s: CurveStep) => CurveStep): CurveBid {
  const steps = c.steps.map(indexStep);
  return r() < 0.05 ? { ...c, steps, firmness: 'firm' } : { ...c, steps };
}

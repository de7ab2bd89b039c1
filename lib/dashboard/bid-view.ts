// How the bid table words a bid (pure, unit-tested): its MW, prices (an indexed step at the price
// the result published for it), window, outcome, market-design terms and reason in words.
import type { AuctionView, BidRow } from '../../schemas/dashboard';
import { BlockBidSchema, BookBidSchema, CurveBidSchema, CurveStepSchema, type BookBid } from '../../schemas/book';
import type { StoredBid } from '../../schemas/api/bids';
import { blockPeakMw } from '../../schemas/block-shape';
import { bookStepPrice } from '../../schemas/indexed-price';
import { bidTerms, firmnessOf, profileRange, reasonInWords, reasonOf } from '../clearing/reason-words';
import { num } from './format';

const BLOCK_KEYS = new Set(Object.keys(BlockBidSchema.shape));
const CURVE_KEYS = new Set(Object.keys(CurveBidSchema.shape));
const STEP_KEYS = new Set(Object.keys(CurveStepSchema.shape));
const only = (value: object, keys: ReadonlySet<string>) => Object.fromEntries(Object.entries(value).filter(([key]) => keys.has(key)));

/** A stored bid as the book has it: the book's fields only, so every market-design field is kept
 * and any bookkeeping field (now or later) dropped. An indexed step carries 0 until a book prices
 * it; the table shows it by its index instead. */
export function bookBidOf(stored: StoredBid): BookBid {
  if (stored.type === 'block') return BookBidSchema.parse(only(stored, BLOCK_KEYS));
  const steps = stored.steps.map((step) => ({ ...only(step, STEP_KEYS), price: bookStepPrice(step, undefined) }));
  return BookBidSchema.parse({ ...only(stored, CURVE_KEYS), steps });
}

export function bidMw(row: BidRow): number {
  return row.bid.type === 'block' ? blockPeakMw(row.bid) : row.bid.steps.reduce((sum, step) => sum + step.mw, 0);
}

/** Each step's price, the index's as published in the result; null for an indexed step not yet priced. */
export function stepPrices(row: BidRow): (number | null)[] {
  if (row.bid.type !== 'curve') return [];
  const published = row.result && 'stepPrices' in row.result ? row.result.stepPrices : undefined;
  return row.bid.steps.map((step, i) => published?.[i] ?? (step.index ? null : step.price));
}

/** The highest price the bid offers (sort key); -1 when none is known yet. */
export function bidTopPrice(row: BidRow): number {
  if (row.bid.type === 'block') return row.bid.price;
  const known = stepPrices(row).filter((p): p is number => p !== null);
  return known.length ? Math.max(...known) : -1;
}

export function bidPrice(row: BidRow): string {
  if (row.bid.type === 'block') return num(row.bid.price);
  const prices = stepPrices(row);
  const known = prices.filter((p): p is number => p !== null);
  const high = Math.max(...known);
  const low = Math.min(...known);
  const range = known.length === 0 ? '' : high === low ? num(high) : `${num(high)} … ${num(low)}`;
  const pending = prices.some((p) => p === null) ? 'indexed' : '';
  return [range, pending].filter(Boolean).join(' + ');
}

export function bidWindow(row: BidRow): string {
  const bid = row.bid;
  if (bid.type === 'curve') return `[${bid.from}, ${bid.to})`;
  const start = row.result && 'start' in row.result && row.result.start !== undefined ? `, at ${row.result.start}` : '';
  return `${bid.duration} from ${bid.earliestStart}…${bid.latestStart}${start}`;
}

export function bidStatus(row: BidRow): string {
  if (!row.result) return 'pending';
  if (row.paradoxicallyRejected) return 'paradoxically rejected';
  return row.result.accepted ? 'accepted' : 'rejected';
}

/** The result's reason in words (engine version 2 on; older results carry none). */
export function bidWhy(row: BidRow, view: AuctionView): string {
  const reason = row.result ? reasonOf(row.result) : undefined;
  if (!reason) return '';
  const { currency, deliveryStart, intervalMinutes, timeZone } = view.auction;
  return reasonInWords(reason, { currency, deliveryStart, intervalMinutes, timeZone, duration: row.bid.type === 'block' ? row.bid.duration : undefined });
}

/** The terms cell: the phrases, and the profile (for its sparkline) when the block has one. */
export interface BidTermsView {
  firmness: 'firm' | 'interruptible';
  /** Every phrase but the profile's, e.g. ["firm", "group siteA", "child of bid_x"]. */
  phrases: string[];
  profile: { mw: number[]; text: string } | null;
}

export function bidTermsView(bid: BookBid): BidTermsView {
  const profile = bid.type === 'block' && bid.profile ? { mw: [...bid.profile], text: `profile ${profileRange(bid.profile)} over ${bid.profile.length}` } : null;
  return { firmness: firmnessOf(bid), phrases: bidTerms(bid).filter((t) => !t.startsWith('profile ')), profile };
}

/** Points of a sparkline of `mw` in a `width` × `height` box (0 at the bottom, the peak at the top). */
export function sparkPoints(mw: readonly number[], width: number, height: number): string {
  const peak = Math.max(...mw, 0) || 1;
  // Each interval is a flat step, so the line reads as the block's shape over time.
  const step = width / mw.length;
  const y = (v: number) => (height - 1 - (v / peak) * (height - 2)).toFixed(1);
  return mw.flatMap((v, i) => [`${(i * step).toFixed(1)},${y(v)}`, `${((i + 1) * step).toFixed(1)},${y(v)}`]).join(' ');
}

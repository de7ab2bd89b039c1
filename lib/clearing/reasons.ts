// Why a bid was not fully accepted (SPEC §2 "Reasons"), read off the book and the published
// allocations and prices alone — so anyone replaying a result can recompute every reason.
// Money figures are in the auction's currency, rounded to cents.
import type { BlockBid, Book, CurveBid } from '../../schemas/book';
import type { BidResult, ClearingResult } from '../../schemas/result';
import { isUnpriced } from './indexed-price';
import { blockMwAt } from '../../schemas/block-shape';

export type BidReason =
  | { reason: 'below-reserve' }
  | { reason: 'out-of-the-money'; shortfall: number; bestStart?: number }
  | { reason: 'paradoxically-rejected'; foregone: number; bestStart?: number }
  | { reason: 'firm-capacity' }
  | { reason: 'exclusive-group'; acceptedMember: string }
  | { reason: 'parent-rejected' }
  | { reason: 'no-index' }
  | { reason: 'marginal' };

/** Allocations are published to 6 decimals: differences below this are rounding. */
const EPS = 1e-6;

const cents = (x: number) => Math.round(x * 100) / 100 + 0;

/** The reason of every bid not fully accepted, by bid id (fully accepted bids have none). */
export function bidReasons(book: Book, result: ClearingResult): Map<string, BidReason> {
  const hours = book.auction.intervalMinutes / 60;
  const byId = new Map(result.bids.map((b) => [b.id, b]));
  const reasons = new Map<string, BidReason>();
  // Plain arrays of the per-interval figures: the loops below run ~10⁷ times on a national book.
  const m: Market = {
    book, hours,
    price: Float64Array.from(result.intervals, (i) => i.price),
    reserve: Float64Array.from(book.intervals, (i) => i.reservePrice),
    paradoxical: new Set(result.paradoxicallyRejected),
    firmPrice: Float64Array.from(result.intervals, (i) => i.firmPrice ?? i.price),
    // an interval without firmMw is all firm (the engine's firm cap there is the surplus)
    firmRoom: Float64Array.from(result.intervals, (i, t) => (book.intervals[t]!.firmMw ?? book.intervals[t]!.surplusMw) - (i.firmMw ?? 0)),
    accepted: new Set(result.bids.filter((b) => b.accepted).map((b) => b.id)),
    groupWinner: groupWinners(book, result),
  };
  for (const bid of book.bids) {
    const outcome = byId.get(bid.id);
    if (!outcome) continue;
    const reason = bid.type === 'curve' ? curveReason(bid, outcome, m) : blockReason(bid, outcome, m);
    if (reason) reasons.set(bid.id, reason);
  }
  return reasons;
}

interface Market {
  book: Book; hours: number; price: Float64Array; reserve: Float64Array; paradoxical: Set<string>;
  /** firm quantity's price (= price without a firm cap) and the firm MW left per interval */
  firmPrice: Float64Array; firmRoom: Float64Array;
  accepted: Set<string>;
  /** per bidder and group name: the accepted member */
  groupWinner: Map<string, string>;
}

const groupKey = (bidder: string, group: string) => JSON.stringify([bidder, group]);
const isFirm = (bid: BlockBid | CurveBid) => (bid.firmness ?? (bid.type === 'block' ? 'firm' : 'interruptible')) === 'firm';

function groupWinners(book: Book, result: ClearingResult): Map<string, string> {
  const accepted = new Set(result.bids.filter((b) => b.accepted).map((b) => b.id));
  const out = new Map<string, string>();
  for (const bid of book.bids) if (bid.type === 'block' && bid.exclusiveGroup !== undefined && accepted.has(bid.id)) out.set(groupKey(bid.bidder, bid.exclusiveGroup), bid.id);
  return out;
}

function curveReason(bid: CurveBid, outcome: BidResult, market: Market): BidReason | undefined {
  const { book, reserve, hours } = market;
  const prices = isFirm(bid) ? market.firmPrice : market.price;
  // An indexed step without an index value was left out of the clearing (never guessed).
  if (bid.steps.some((s) => isUnpriced(s, book.indices))) return { reason: 'no-index' };
  const allocated = 'mw' in outcome ? outcome.mw : [];
  // Highest price first, ties in book order: the order the steps fill.
  const order = bid.steps.map((_, i) => i).sort((a, b) => bid.steps[b]!.price - bid.steps[a]!.price || a - b);
  const stepPrice = Float64Array.from(order, (i) => bid.steps[i]!.price);
  const stepMw = Float64Array.from(order, (i) => bid.steps[i]!.mw);
  let unfilled = false;
  let marginal = false;
  let allBelowReserve = true;
  let shortfall = 0;
  for (let t = bid.from; t < bid.to; t++) {
    let left = allocated[t - bid.from] ?? 0;
    const price = prices[t]!;
    const reservePrice = reserve[t]!;
    for (let j = 0; j < stepMw.length; j++) {
      const mw = stepMw[j]!;
      const sp = stepPrice[j]!;
      const filled = Math.min(mw, Math.max(0, left));
      left -= filled;
      const missing = mw - filled;
      if (missing <= EPS) continue;
      unfilled = true;
      if (sp >= reservePrice) allBelowReserve = false;
      // At the price, tied steps share what is left pro rata: partly filled at the margin.
      if (Math.abs(sp - price) <= EPS) marginal = true;
      shortfall += missing * Math.max(0, price - sp) * hours;
    }
  }
  if (!unfilled) return undefined;
  if (marginal) return { reason: 'marginal' };
  if (allBelowReserve) return { reason: 'below-reserve' };
  return { reason: 'out-of-the-money', shortfall: cents(shortfall) };
}

function blockReason(bid: BlockBid, outcome: BidResult, market: Market): BidReason | undefined {
  const { book, hours, reserve, paradoxical } = market;
  const ratio = 'ratio' in outcome ? outcome.ratio : 0;
  if (outcome.accepted && ratio >= 1 - EPS) return undefined;
  if (outcome.accepted) return { reason: 'marginal' };
  if (bid.parentId !== undefined && !market.accepted.has(bid.parentId)) return { reason: 'parent-rejected' };
  const winner = bid.exclusiveGroup === undefined ? undefined : market.groupWinner.get(groupKey(bid.bidder, bid.exclusiveGroup));
  if (winner !== undefined) return { reason: 'exclusive-group', acceptedMember: winner };
  const firm = isFirm(bid);
  const price = firm ? market.firmPrice : market.price;
  // The block's value at the clearing prices (and at the reserves) at each start, full ratio.
  let best = -Infinity;
  let bestStart = bid.earliestStart;
  let bestAtReserve = -Infinity;
  for (let s = bid.earliestStart; s <= bid.latestStart; s++) {
    let value = 0;
    let atReserve = 0;
    for (let t = s; t < s + bid.duration; t++) {
      const mw = blockMwAt(bid, t - s);
      value += (bid.price - price[t]!) * mw * hours;
      atReserve += (bid.price - reserve[t]!) * mw * hours;
    }
    // Ties go to the earliest start (deterministic).
    if (value > best + EPS) { best = value; bestStart = s; }
    bestAtReserve = Math.max(bestAtReserve, atReserve);
  }
  if (bestAtReserve < 0) return { reason: 'below-reserve' };
  // The engine's own list wins, so reasons and `paradoxicallyRejected` never disagree.
  const listed = paradoxical.has(bid.id);
  if (!listed && !fitsAnywhere(bid, book, firm ? market.firmRoom : undefined)) return { reason: 'firm-capacity' };
  if (listed || best > EPS) return { reason: 'paradoxically-rejected', foregone: cents(Math.max(0, best)), bestStart };
  return { reason: 'out-of-the-money', shortfall: cents(-best), bestStart };
}

/** Whether the block's smallest acceptable size fits the surplus (and, for a firm block, the firm room left) at some start, alone. */
function fitsAnywhere(bid: BlockBid, book: Book, firmRoom: Float64Array | undefined): boolean {
  for (let s = bid.earliestStart; s <= bid.latestStart; s++) {
    let fits = true;
    for (let t = s; t < s + bid.duration && fits; t++) {
      const mw = blockMwAt(bid, t - s) * bid.minAcceptanceRatio - EPS;
      fits = book.intervals[t]!.surplusMw >= mw && (firmRoom === undefined || firmRoom[t]! >= mw);
    }
    if (fits) return true;
  }
  return false;
}

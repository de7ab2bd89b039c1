// Settlement (SPEC §5): per bidder, per interval (and per curve step under pay-as-bid), delivered
// MWh = dispatched MW × interval hours at the clearing price (uniform) or the bid/step price
// (pay-as-bid). Curtailed energy is reported and never charged. Pure and deterministic.
import type { Book, BookBid } from '../../schemas/book';
import type { ClearingResult } from '../../schemas/result';
import {
  SETTLEMENT_FORMAT, type BidderStatement, type Dispatch, type Settlement, type SettlementLine,
} from '../../schemas/lifecycle';
import { compareIds, curveFill, dispatchFromResult } from './dispatch';
import type { Viewer } from './ports';
import { intervalHours, intervalStart } from '../kernel/interval-time';
import { fromCents, round6, toCents } from './money';

export function settle(input: { book: Book; result: ClearingResult; dispatch: Dispatch; final: boolean }): Settlement {
  const { book, result, dispatch } = input;
  if (result.auctionId !== book.auction.id) throw new Error('result is not the result of this book');
  const n = book.intervals.length;
  const hours = intervalHours(book.auction);
  const payAsBid = book.auction.pricing === 'pay-as-bid';
  const allocated = new Map(dispatchFromResult(book, result).bids.map((r) => [r.bidId, r.mw]));
  const dispatched = new Map(dispatch.bids.map((r) => [r.bidId, r.mw]));

  const lines: SettlementLine[] = [];
  const bids = [...book.bids].sort((a, b) => compareIds(a.bidder, b.bidder) || compareIds(a.id, b.id));
  for (const bid of bids) {
    const alloc = allocated.get(bid.id)!;
    const disp = dispatched.get(bid.id);
    if (!disp || disp.length !== n) throw new Error(`dispatch has no full row for bid ${bid.id}`);
    for (let t = 0; t < n; t++) {
      const a = alloc[t]!;
      if (a <= 0) continue;
      const d = Math.min(disp[t]!, a); // dispatch never exceeds the allocation
      const base = { bidderId: bid.bidder, bidId: bid.id, class: bid.class, interval: t, intervalStart: intervalStart(book.auction, t) };
      if (payAsBid && bid.type === 'curve') {
        const fa = curveFill(bid, a);
        const fd = curveFill(bid, d);
        fa.forEach((stepA, k) => {
          if (stepA > 0) lines.push(line(base, k, stepA, fd[k]!, bid.steps[k]!.price, hours));
        });
      } else {
        lines.push(line(base, null, a, d, priceOf(bid, payAsBid, result, t), hours));
      }
    }
  }

  const byBidder = new Map<string, SettlementLine[]>();
  for (const l of lines) byBidder.set(l.bidderId, [...(byBidder.get(l.bidderId) ?? []), l]);
  const statements: BidderStatement[] = [...byBidder.entries()].map(([bidderId, ls]) => ({ bidderId, lines: ls, totals: totalsOf(ls) }));
  const all = totalsOf(lines);
  return {
    format: SETTLEMENT_FORMAT,
    auctionId: book.auction.id,
    currency: book.auction.currency,
    pricing: book.auction.pricing,
    dispatchVersion: dispatch.version,
    final: input.final,
    statements,
    totals: {
      revenue: all.charge,
      deliveredMwh: all.deliveredMwh,
      curtailedMwh: all.curtailedMwh,
      byClass: { ai: totalsOf(lines.filter((l) => l.class === 'ai')), mining: totalsOf(lines.filter((l) => l.class === 'mining')) },
    },
  };
}

/** What a caller may see: the operator everything; a bidder its own statement, no operator totals. */
export function settlementFor(s: Settlement, viewer: Viewer): Settlement {
  if (viewer.role === 'operator') return s;
  const { totals: _operatorOnly, ...rest } = s;
  return { ...rest, statements: s.statements.filter((st) => st.bidderId === viewer.bidderId) };
}

function priceOf(bid: BookBid, payAsBid: boolean, result: ClearingResult, t: number): number {
  if (payAsBid && bid.type === 'block') return bid.price;
  const iv = result.intervals[t];
  if (!iv) throw new Error(`result has no interval ${t}`);
  return iv.price;
}

function line(
  base: Pick<SettlementLine, 'bidderId' | 'bidId' | 'class' | 'interval' | 'intervalStart'>,
  step: number | null, allocatedMw: number, dispatchedMw: number, price: number, hours: number,
): SettlementLine {
  const deliveredMwh = round6(dispatchedMw * hours);
  return {
    ...base,
    step,
    allocatedMw: round6(allocatedMw),
    dispatchedMw: round6(dispatchedMw),
    deliveredMwh,
    curtailedMwh: round6((allocatedMw - dispatchedMw) * hours),
    price,
    charge: fromCents(toCents(deliveredMwh * price)),
  };
}

/** Totals from the rounded lines; money summed in integer cents so Σ lines = total exactly. */
function totalsOf(lines: readonly SettlementLine[]) {
  let cents = 0;
  let delivered = 0;
  let curtailed = 0;
  for (const l of lines) {
    cents += toCents(l.charge);
    delivered += l.deliveredMwh;
    curtailed += l.curtailedMwh;
  }
  return { deliveredMwh: round6(delivered), curtailedMwh: round6(curtailed), charge: fromCents(cents) };
}

// Settlement (SPEC §5): per bidder, per interval (and per curve step under pay-as-bid), delivered
// MWh = dispatched MW × interval hours at the clearing price (uniform: the firm price for firm
// bids where the result gives one, bid-price.ts) or the bid/step price (pay-as-bid). Curtailed
// energy is reported and never charged. Pure and deterministic.
import type { Book, BookBid } from '../../schemas/book';
import type { ClearingResult } from '../../schemas/result';
import {
  SETTLEMENT_FORMAT, type BidderStatement, type Dispatch, type Settlement, type SettlementLine,
} from '../../schemas/lifecycle';
import { compareIds, curveFill, dispatchFromResult } from './dispatch';
import type { Viewer } from './ports';
import { intervalHours, intervalStart } from '../kernel/interval-time';
import { fromCents, round6, toCents } from './money';
import { apportion } from './apportion';
import { meteredLine, meteringTotals, type LineMetering, type Metering } from './metering';
import { isFirm, uniformPriceOf } from './bid-price';

export interface SettleInput {
  book: Book; result: ClearingResult; dispatch: Dispatch; final: boolean;
  /** Meter readings (MWh per bid and interval) and the imbalance price: absent or empty = the
   * provisional statement on the allocation, byte for byte as before metering existed. */
  metering?: Metering | undefined;
}

export function settle(input: SettleInput): Settlement {
  const steps = settleSteps(input);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * The same settlement, computed in slices with a turn of the event loop between them, so that a
 * national settlement (seconds of work) never holds up other requests (`/health`) for long.
 */
export async function settleInSlices(input: SettleInput): Promise<Settlement> {
  const steps = settleSteps(input);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/** Work done between two yields (lines or bids touched), a few milliseconds. */
const SLICE = 20_000;

function* settleSteps(input: SettleInput): Generator<void, Settlement> {
  const { book, result, dispatch } = input;
  if (result.auctionId !== book.auction.id) throw new Error('result is not the result of this book');
  const n = book.intervals.length;
  const hours = intervalHours(book.auction);
  const payAsBid = book.auction.pricing === 'pay-as-bid';
  const allocated = new Map(dispatchFromResult(book, result).bids.map((r) => [r.bidId, r.mw]));
  const dispatched = new Map(dispatch.bids.map((r) => [r.bidId, r.mw]));
  const metered = input.metering !== undefined && input.metering.readings.size > 0;
  yield;

  const starts = book.intervals.map((_, t) => intervalStart(book.auction, t));
  const raw: RawLine[] = [];
  const bids = [...book.bids].sort((a, b) => compareIds(a.bidder, b.bidder) || compareIds(a.id, b.id));
  let work = 0;
  for (const bid of bids) {
    const alloc = allocated.get(bid.id)!;
    const disp = dispatched.get(bid.id);
    if (!disp || disp.length !== n) throw new Error(`dispatch has no full row for bid ${bid.id}`);
    const readings = metered ? input.metering!.readings.get(bid.id) : undefined;
    for (let t = 0; t < n; t++) {
      const a = alloc[t]!;
      const reading = readings?.[t];
      if (a <= 0 && !(reading !== undefined && reading > 0)) continue;
      const d = Math.max(0, Math.min(disp[t]!, a)); // dispatch never exceeds the allocation
      const base = { bidderId: bid.bidder, bidId: bid.id, class: bid.class, interval: t, intervalStart: starts[t]! };
      // Metered: the energy billed within what was allowed (firm bids: all of it) and the excess.
      const m = reading === undefined ? undefined : meteredLine(isFirm(bid), d, reading, hours, input.metering!.imbalancePrice);
      const billed = m ? m.billedMw : d;
      if (payAsBid && bid.type === 'curve' && a > 0) {
        const fa = curveFill(bid, a);
        const fd = curveFill(bid, d);
        const fb = curveFill(bid, billed);
        let first = true;
        fa.forEach((stepA, k) => {
          if (stepA <= 0) return;
          raw.push({ base, step: k, allocatedMw: stepA, dispatchedMw: fd[k]!, billedMw: fb[k]!, price: bid.steps[k]!.price, metering: first ? m : undefined });
          first = false;
        });
      } else {
        raw.push({ base, step: null, allocatedMw: Math.max(a, 0), dispatchedMw: d, billedMw: billed, price: priceOf(bid, payAsBid, result, t), metering: m });
      }
    }
    work += n;
    if (work >= SLICE) { work = 0; yield; }
  }
  const { lines, units } = yield* finishLines(raw, hours);

  const byBidder = new Map<string, number[]>();
  for (let i = 0; i < lines.length; i++) {
    const own = byBidder.get(lines[i]!.bidderId);
    if (own) own.push(i); else byBidder.set(lines[i]!.bidderId, [i]);
  }
  yield;
  const statements: BidderStatement[] = [...byBidder.entries()].map(([bidderId, idx]) => {
    const own = idx.map((i) => lines[i]!);
    if (!metered) return { bidderId, lines: own, totals: totalsOf(units, idx) };
    const m = meteringTotals(own);
    return { bidderId, metering: m.readings > 0 ? 'metered' : 'provisional', lines: own, totals: { ...totalsOf(units, idx), ...m.totals } };
  });
  const every = lines.map((_, i) => i);
  const all = metered ? meteringTotals(lines) : undefined;
  return {
    format: SETTLEMENT_FORMAT,
    auctionId: book.auction.id,
    currency: book.auction.currency,
    pricing: book.auction.pricing,
    dispatchVersion: dispatch.version,
    final: input.final,
    ...(metered ? { imbalancePrice: input.metering!.imbalancePrice } : {}),
    statements,
    totals: {
      ...(({ charge, ...energy }) => ({ revenue: charge, ...energy }))(totalsOf(units, every)),
      byClass: { ai: totalsOf(units, every.filter((i) => lines[i]!.class === 'ai')), mining: totalsOf(units, every.filter((i) => lines[i]!.class === 'mining')) },
      ...(all ? { imbalanceRevenue: all.totals.imbalanceCharge, breaches: all.totals.breaches } : {}),
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
  return uniformPriceOf(bid, iv);
}

interface RawLine {
  base: Pick<SettlementLine, 'bidderId' | 'bidId' | 'class' | 'interval' | 'intervalStart'>;
  step: number | null;
  allocatedMw: number;
  dispatchedMw: number;
  /** MW billed at the price: dispatchedMw, or (metered) what was used of it. */
  billedMw: number;
  price: number;
  metering: LineMetering | undefined;
}

/**
 * The rounding rule (docs/lifecycle.md § Settlement): per interval, delivered and curtailed energy
 * are rounded ONCE to 1e-6 MWh and split over the lines by largest remainder; per interval and
 * price, the charge Σ deliveredMwh × price is rounded ONCE to cents and split the same way. So
 * lines, statements and totals sum exactly, and no line is more than one unit off its own product.
 */
/** Each line's rounded amounts in integer units: µMWh delivered and curtailed, cents charged. */
interface LineUnits { delivered: number[]; curtailed: number[]; charge: number[] }

function* finishLines(raw: readonly RawLine[], hours: number): Generator<void, { lines: SettlementLine[]; units: LineUnits }> {
  const delivered = new Array<number>(raw.length);
  const curtailed = new Array<number>(raw.length);
  const charge = new Array<number>(raw.length);
  let work = 0;
  for (const group of groupBy(raw, (l) => String(l.base.interval))) {
    const d = apportion(group.map((i) => raw[i]!.billedMw * hours), 1e6);
    const c = apportion(group.map((i) => (raw[i]!.allocatedMw - raw[i]!.dispatchedMw) * hours), 1e6);
    group.forEach((i, k) => { delivered[i] = d[k]!; curtailed[i] = c[k]!; });
    work += group.length;
    if (work >= SLICE) { work = 0; yield; }
  }
  yield;
  for (const group of groupBy(raw, (l) => `${l.base.interval}|${l.price}`)) {
    const cents = apportion(group.map((i) => (delivered[i]! / 1e6) * raw[i]!.price), 100);
    group.forEach((i, k) => { charge[i] = cents[k]!; });
    work += group.length;
    if (work >= SLICE) { work = 0; yield; }
  }
  yield;
  const lines = new Array<SettlementLine>(raw.length);
  for (let i = 0; i < raw.length; i++) {
    const l = raw[i]!;
    const b = l.base;
    // Written out (no spread): a national settlement builds two million of these.
    const line: SettlementLine = {
      bidderId: b.bidderId, bidId: b.bidId, class: b.class, interval: b.interval, intervalStart: b.intervalStart,
      step: l.step,
      allocatedMw: round6(l.allocatedMw),
      dispatchedMw: round6(l.dispatchedMw),
      deliveredMwh: delivered[i]! / 1e6,
      curtailedMwh: curtailed[i]! / 1e6,
      price: l.price,
      charge: fromCents(charge[i]!),
    };
    lines[i] = l.metering ? { ...line, ...l.metering.fields } : line;
    if (i % SLICE === SLICE - 1) yield;
  }
  return { lines, units: { delivered, curtailed, charge } };
}

/** Indices of `items` grouped by key, groups in first-seen order. */
function groupBy<T>(items: readonly T[], key: (item: T) => string): number[][] {
  const groups = new Map<string, number[]>();
  items.forEach((item, i) => {
    const k = key(item);
    const g = groups.get(k);
    if (g) g.push(i); else groups.set(k, [i]);
  });
  return [...groups.values()];
}

/** Totals of some lines, summed in their integer units, so Σ lines = total exactly. */
function totalsOf(units: LineUnits, idx: readonly number[]) {
  let cents = 0;
  let delivered = 0;
  let curtailed = 0;
  for (const i of idx) {
    cents += units.charge[i]!;
    delivered += units.delivered[i]!;
    curtailed += units.curtailed[i]!;
  }
  return { deliveredMwh: delivered / 1e6, curtailedMwh: curtailed / 1e6, charge: fromCents(cents) };
}

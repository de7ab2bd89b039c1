// Curtailment (SPEC §5): when a revised surplus is below what is dispatched in an interval, lower
// dispatch — interruptible load first (cheapest layers first, pro rata among equal prices), firm
// load only once interruptible load there is gone (cheapest first, pro rata among equal prices).
// The tier is the bid's firmness (issue 10: default firm for blocks, interruptible for curves), so
// books without `firmness` curtail exactly as before. Pure and deterministic: bids are processed in
// id order, never input order.
import { round6 } from './money';
import { createHash } from 'node:crypto';
import type { Firmness } from '../../schemas/book';
import type { CurtailmentNotice, Dispatch } from '../../schemas/lifecycle';
import { compareIds, curveLayers, MW_EPSILON, type DispatchBid, type DispatchBook } from './dispatch';
import { intervalStart, intervalStartMs, isoDuration, isoUtc } from '../kernel/interval-time';
import { blockPeakMw } from '../../schemas/block-shape';

export interface SurplusRevision {
  index: number;
  surplusMw: number;
}

export interface FieldIssue {
  path: (string | number)[];
  message: string;
}

/**
 * Checks a curtailment request against the auction: every index inside it and not yet started
 * (interval start ≥ now + minNoticeMs). Returns field issues (empty when valid).
 */
export function validateCurtailment(
  auction: { deliveryStart: string; intervalMinutes: number; intervalCount: number },
  revisions: readonly SurplusRevision[],
  now: Date,
  minNoticeMs = 0,
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  revisions.forEach((r, i) => {
    const path = ['intervals', i, 'index'];
    if (r.index >= auction.intervalCount) {
      issues.push({ path, message: `interval ${r.index} is beyond the auction's ${auction.intervalCount} intervals` });
    } else if (intervalStartMs(auction, r.index) < now.getTime() + minNoticeMs) {
      issues.push({ path, message: `interval ${r.index} (starting ${intervalStart(auction, r.index)}) has started or is within the notice period; only future intervals can be revised` });
    }
  });
  return issues;
}

export interface DispatchChange {
  bidId: string;
  bidderId: string;
  index: number;
  mwBefore: number;
  mwAfter: number;
}

export interface CurtailmentOutcome {
  /** The new dispatch (rows sorted by bidId); its version is the input's + 1 when anything changed. */
  dispatch: Dispatch;
  changes: DispatchChange[];
  notices: CurtailmentNotice[];
}

/** One row's MW at one layer price (`row` indexes the id-sorted dispatch rows). */
interface Holding {
  row: number;
  mw: number;
}

/** Layers of one tier and price; `keep` is the fraction of them kept, once the cut reaches them. */
interface Group { tier: Tier; price: number; holdings: Holding[]; keep?: number }

/** Tiers in curtailment order: firm load is reached only after every interruptible layer. */
const Tier = { Interruptible: 0, Firm: 1 } as const;
type Tier = (typeof Tier)[keyof typeof Tier];

/** A bid's firmness as the book states it, else the SPEC §1 default (blocks firm, curves interruptible). */
export function firmnessOf(bid: Pick<DispatchBid, 'type' | 'firmness'>): Firmness {
  return bid.firmness ?? (bid.type === 'block' ? 'firm' : 'interruptible');
}

export function curtail(input: {
  book: DispatchBook;
  dispatch: Dispatch;
  revisions: readonly SurplusRevision[];
  noticeTime: Date;
}): CurtailmentOutcome {
  const { book, dispatch } = input;
  const n = book.intervals.length;
  const bids = new Map<string, DispatchBid>(book.bids.map((b) => [b.id, b]));
  const rows = [...dispatch.bids].sort((a, b) => compareIds(a.bidId, b.bidId));
  // Row-aligned arrays, looked up once: a national dispatch has 22,000 rows, read per revision.
  const rowBids = rows.map((row) => {
    const bid = bids.get(row.bidId);
    if (!bid) throw new Error(`dispatch names bid ${row.bidId}, which is not in the book`);
    if (row.mw.length !== n) throw new Error(`dispatch of bid ${row.bidId} has ${row.mw.length} intervals, expected ${n}`);
    checkRow(bid, row.mw);
    return bid;
  });
  const tiers = rowBids.map((bid) => (firmnessOf(bid) === 'firm' ? Tier.Firm : Tier.Interruptible));
  // Copy on write: a national dispatch is 2 million numbers and a cut touches a few intervals.
  const next = rows.map((r) => ({ bidId: r.bidId, mw: r.mw }));
  const copied = new Uint8Array(next.length);
  const changes: DispatchChange[] = [];
  const revisions = [...input.revisions].sort((a, b) => a.index - b.index);
  const kept = new Float64Array(rows.length);
  const losing = new Uint8Array(rows.length);

  for (const { index, surplusMw } of revisions) {
    if (index < 0 || index >= n) throw new Error(`interval ${index} is outside the auction`);
    let dispatched = 0;
    for (const r of rows) dispatched += r.mw[index]!;
    if (dispatched <= surplusMw + MW_EPSILON) continue; // never raise; nothing to cut
    let excess = dispatched - surplusMw;

    // Group layers by (tier, price); inside a group each holding is one bid's MW at that price.
    const groups = [new Map<number, Group>(), new Map<number, Group>()];
    const add = (tier: Tier, price: number, h: Holding) => {
      const g = groups[tier]!.get(price);
      if (g) g.holdings.push(h);
      else groups[tier]!.set(price, { tier, price, holdings: [h] });
    };
    for (let i = 0; i < rows.length; i++) {
      const x = rows[i]!.mw[index]!;
      if (x <= 0) continue;
      const bid = rowBids[i]!;
      if (bid.type === 'curve') for (const layer of curveLayers(bid, x)) add(tiers[i]!, layer.price, { row: i, mw: layer.mw });
      else add(tiers[i]!, bid.price, { row: i, mw: x });
    }
    const ordered = groups.flatMap((byPrice) => [...byPrice.values()].sort((a, b) => a.price - b.price));

    for (const g of ordered) {
      if (excess <= 0) break;
      let total = 0;
      for (const h of g.holdings) total += h.mw;
      if (excess >= total) {
        g.keep = 0;
        excess -= total;
      } else {
        g.keep = (total - excess) / total;
        excess = 0;
      }
    }
    // MW kept per bid that loses at least one layer: Σ of its layers × the kept fraction.
    losing.fill(0);
    for (const g of ordered) {
      if (g.keep === undefined) continue;
      for (const h of g.holdings) { losing[h.row] = 1; kept[h.row] = 0; }
    }
    for (const g of ordered) {
      const k = g.keep ?? 1;
      for (const h of g.holdings) if (losing[h.row]) kept[h.row] = kept[h.row]! + h.mw * k;
    }
    for (let i = 0; i < next.length; i++) {
      const r = next[i]!;
      const before = r.mw[index]!;
      // A bid that keeps every layer whole keeps its exact value (no float re-summing).
      if (before <= 0 || !losing[i]) continue;
      let after = Math.min(before, kept[i]!);
      if (after < MW_EPSILON) after = 0;
      if (after === before) continue;
      if (!copied[i]) { r.mw = [...r.mw]; copied[i] = 1; }
      r.mw[index] = after;
      changes.push({ bidId: r.bidId, bidderId: rowBids[i]!.bidder, index, mwBefore: before, mwAfter: after });
    }
  }

  if (changes.length === 0) return { dispatch: { auctionId: dispatch.auctionId, version: dispatch.version, bids: next }, changes, notices: [] };
  const version = dispatch.version + 1;
  const newDispatch: Dispatch = { auctionId: dispatch.auctionId, version, bids: next };
  return { dispatch: newDispatch, changes, notices: buildNotices(book, rows, newDispatch, rowBids, changes, input.noticeTime) };
}

/** A dispatch row must fit its bid: inside its intervals, within its steps (curve) or its MW (block). */
function checkRow(bid: DispatchBid, mw: readonly number[]): void {
  let cap = 0;
  let from = 0;
  let to = mw.length;
  if (bid.type === 'curve') {
    for (const s of bid.steps) cap += s.mw;
    from = bid.from;
    to = bid.to;
  } else cap = blockPeakMw(bid);
  for (let t = 0; t < mw.length; t++) {
    const x = mw[t]!;
    if (!(x >= 0) || x > cap + MW_EPSILON || ((t < from || t >= to) && x > 0)) throw new Error(`dispatch of bid ${bid.id} in interval ${t} (${x} MW) does not fit the bid`);
  }
}

/** Stable per (auction, curtailment version, bidder): a redelivered notice keeps its id. */
export function curtailmentEventId(auctionId: string, version: number, bidderId: string): string {
  return createHash('sha256').update(`${auctionId}\n${version}\n${bidderId}`).digest('hex');
}

/** `before`, `after.bids` and `rowBids` are aligned: the id-sorted dispatch rows before and after, and their bids. */
function buildNotices(
  book: DispatchBook,
  before: readonly { bidId: string; mw: number[] }[],
  after: Dispatch,
  rowBids: readonly DispatchBid[],
  changes: readonly DispatchChange[],
  noticeTime: Date,
): CurtailmentNotice[] {
  const auction = { deliveryStart: book.auction.deliveryStart, intervalMinutes: book.auction.intervalMinutes };
  const affected = new Map<string, Set<number>>();
  for (const c of changes) affected.set(c.bidderId, (affected.get(c.bidderId) ?? new Set()).add(c.index));
  // Rows of the affected bidders only, in row (id) order.
  const rowsOfBidder = new Map<string, number[]>();
  for (let i = 0; i < rowBids.length; i++) {
    const bidder = rowBids[i]!.bidder;
    if (!affected.has(bidder)) continue;
    const own = rowsOfBidder.get(bidder);
    if (own) own.push(i); else rowsOfBidder.set(bidder, [i]);
  }
  const startOf = new Map<number, string>();
  const start = (index: number) => {
    let s = startOf.get(index);
    if (s === undefined) startOf.set(index, (s = intervalStart(auction, index)));
    return s;
  };
  const duration = isoDuration(book.auction.intervalMinutes);
  const noticeIso = isoUtc(noticeTime.getTime());
  return [...affected.keys()].sort(compareIds).map((bidderId): CurtailmentNotice => {
    const indexes = [...affected.get(bidderId)!].sort((a, b) => a - b);
    const intervals = indexes.map((index) => {
      const bids = rowsOfBidder.get(bidderId)!
        .map((i) => ({ bidId: before[i]!.bidId, mwBefore: before[i]!.mw[index]!, mwAfter: after.bids[i]!.mw[index]! }))
        .filter((b) => b.mwBefore > 0);
      let mwBefore = 0;
      let mwAfter = 0;
      for (const b of bids) { mwBefore += b.mwBefore; mwAfter += b.mwAfter; }
      // Sums of floats carry binary noise (19.57904000000005): notices show MW at 1e-6 (1 W).
      return {
        index, start: start(index), duration, mwBefore: round6(mwBefore), mwAfter: round6(mwAfter),
        bids: bids.map((b) => ({ bidId: b.bidId, mwBefore: round6(b.mwBefore), mwAfter: round6(b.mwAfter) })),
      };
    });
    const first = indexes[0]!;
    const last = indexes[indexes.length - 1]!;
    return {
      eventId: curtailmentEventId(after.auctionId, after.version, bidderId),
      type: 'curtailment',
      auctionId: after.auctionId,
      bidderId,
      curtailmentVersion: after.version,
      noticeTime: noticeIso,
      intervals,
      event: {
        objectType: 'EVENT',
        programID: after.auctionId,
        eventName: `curtailment-${after.version}`,
        priority: 0,
        payloadDescriptors: [{ objectType: 'EVENT_PAYLOAD_DESCRIPTOR', payloadType: 'IMPORT_CAPACITY_LIMIT', units: 'MW' }],
        intervalPeriod: {
          start: start(first),
          duration: isoDuration((last + 1 - first) * book.auction.intervalMinutes),
        },
        intervals: intervals.map((iv) => ({
          id: iv.index,
          intervalPeriod: { start: iv.start, duration },
          payloads: [{ type: 'IMPORT_CAPACITY_LIMIT' as const, values: [iv.mwAfter] }],
        })),
      },
    };
  });
}

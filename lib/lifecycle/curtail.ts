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

interface Holding {
  bidId: string;
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
  for (const row of rows) {
    if (!bids.has(row.bidId)) throw new Error(`dispatch names bid ${row.bidId}, which is not in the book`);
    if (row.mw.length !== n) throw new Error(`dispatch of bid ${row.bidId} has ${row.mw.length} intervals, expected ${n}`);
    checkRow(bids.get(row.bidId)!, row.mw);
  }
  // Copy on write: a national dispatch is 2 million numbers and a cut touches a few intervals.
  const next = rows.map((r) => ({ bidId: r.bidId, mw: r.mw }));
  const copied = new Uint8Array(next.length);
  const changes: DispatchChange[] = [];
  const revisions = [...input.revisions].sort((a, b) => a.index - b.index);

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
    for (const r of rows) {
      const x = r.mw[index]!;
      if (x <= 0) continue;
      const bid = bids.get(r.bidId)!;
      const tier = firmnessOf(bid) === 'firm' ? Tier.Firm : Tier.Interruptible;
      if (bid.type === 'curve') for (const layer of curveLayers(bid, x)) add(tier, layer.price, { bidId: r.bidId, mw: layer.mw });
      else add(tier, bid.price, { bidId: r.bidId, mw: x });
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
    const kept = new Map<string, number>();
    for (const g of ordered) {
      if (g.keep === undefined) continue;
      for (const h of g.holdings) kept.set(h.bidId, 0);
    }
    for (const g of ordered) {
      const k = g.keep ?? 1;
      for (const h of g.holdings) if (kept.has(h.bidId)) kept.set(h.bidId, kept.get(h.bidId)! + h.mw * k);
    }
    for (let i = 0; i < next.length; i++) {
      const r = next[i]!;
      const before = r.mw[index]!;
      // A bid that keeps every layer whole keeps its exact value (no float re-summing).
      if (before <= 0 || !kept.has(r.bidId)) continue;
      const bid = bids.get(r.bidId)!;
      let after = Math.min(before, kept.get(r.bidId)!);
      if (after < MW_EPSILON) after = 0;
      if (after === before) continue;
      if (!copied[i]) { r.mw = [...r.mw]; copied[i] = 1; }
      r.mw[index] = after;
      changes.push({ bidId: r.bidId, bidderId: bid.bidder, index, mwBefore: before, mwAfter: after });
    }
  }

  if (changes.length === 0) return { dispatch: { auctionId: dispatch.auctionId, version: dispatch.version, bids: next }, changes, notices: [] };
  const version = dispatch.version + 1;
  const newDispatch: Dispatch = { auctionId: dispatch.auctionId, version, bids: next };
  return { dispatch: newDispatch, changes, notices: buildNotices(book, rows, newDispatch, changes, input.noticeTime) };
}

/** A dispatch row must fit its bid: inside its intervals, within its steps (curve) or its MW (block). */
function checkRow(bid: DispatchBid, mw: readonly number[]): void {
  const cap = bid.type === 'curve' ? bid.steps.reduce((s, x) => s + x.mw, 0) : blockPeakMw(bid);
  mw.forEach((x, t) => {
    const inside = bid.type === 'curve' ? t >= bid.from && t < bid.to : true;
    if (!(x >= 0) || x > cap + MW_EPSILON || (!inside && x > 0)) throw new Error(`dispatch of bid ${bid.id} in interval ${t} (${x} MW) does not fit the bid`);
  });
}

/** Stable per (auction, curtailment version, bidder): a redelivered notice keeps its id. */
export function curtailmentEventId(auctionId: string, version: number, bidderId: string): string {
  return createHash('sha256').update(`${auctionId}\n${version}\n${bidderId}`).digest('hex');
}

function buildNotices(
  book: DispatchBook,
  before: readonly { bidId: string; mw: number[] }[],
  after: Dispatch,
  changes: readonly DispatchChange[],
  noticeTime: Date,
): CurtailmentNotice[] {
  const auction = { deliveryStart: book.auction.deliveryStart, intervalMinutes: book.auction.intervalMinutes };
  const bidderOf = new Map(book.bids.map((b) => [b.id, b.bidder]));
  const beforeById = new Map(before.map((r) => [r.bidId, r.mw]));
  const afterById = new Map(after.bids.map((r) => [r.bidId, r.mw]));
  const bidsOfBidder = new Map<string, string[]>();
  for (const r of after.bids) {
    const bidder = bidderOf.get(r.bidId)!;
    const own = bidsOfBidder.get(bidder);
    if (own) own.push(r.bidId); else bidsOfBidder.set(bidder, [r.bidId]);
  }
  const startOf = new Map<number, string>();
  const start = (index: number) => {
    let s = startOf.get(index);
    if (s === undefined) startOf.set(index, (s = intervalStart(auction, index)));
    return s;
  };
  const affected = new Map<string, Set<number>>();
  for (const c of changes) affected.set(c.bidderId, (affected.get(c.bidderId) ?? new Set()).add(c.index));

  const duration = isoDuration(book.auction.intervalMinutes);
  return [...affected.keys()].sort(compareIds).map((bidderId): CurtailmentNotice => {
    const indexes = [...affected.get(bidderId)!].sort((a, b) => a - b);
    const intervals = indexes.map((index) => {
      const bids = bidsOfBidder.get(bidderId)!
        .map((bidId) => ({ bidId, mwBefore: beforeById.get(bidId)![index]!, mwAfter: afterById.get(bidId)![index]! }))
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
      noticeTime: isoUtc(noticeTime.getTime()),
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

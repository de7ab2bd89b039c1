// Broker records → OpenADR events (docs/openadr.md § Mapping), built on read from the published
// result and the curtailment notices; nothing of its own is stored.
// - Each accepted bid's cleared allocation: one event, IMPORT_CAPACITY_SUBSCRIPTION per interval (kW).
// - Each curtailment that cut a bid: one event, IMPORT_CAPACITY_LIMIT per cut interval = the kW the
//   bid may still draw after the cut.
// Both target the bid as a resource (RESOURCE_NAME = bid id) and ask for USAGE reports (KWH).
import type { Book, BookBid } from '../../schemas/book';
import type { CurtailmentNotice } from '../../schemas/lifecycle';
import { intervalStart, intervalStartMs, isoDuration, isoUtc } from '../kernel/interval-time';
import type { AuctionRecord } from '../lifecycle/ports';
import type { OadrEvent, OadrInterval, OadrValuesMap } from './objects';
import { allocationEventIdOf, curtailmentEventIdOf, kwOf, programIdOf, resourceIdOf, venIdOf } from './ids';
import { blockPeakMw } from '../../schemas/block-shape';

export const USAGE_REPORT_DESCRIPTOR = {
  payloadType: 'USAGE', readingType: 'DIRECT_READ', units: 'KWH', aggregate: false,
  startInterval: -1, numIntervals: -1, historical: true, frequency: -1, repeat: 1,
} as const;

type PayloadType = 'IMPORT_CAPACITY_SUBSCRIPTION' | 'IMPORT_CAPACITY_LIMIT';

export function eventTargets(auctionId: string, bid: Pick<BookBid, 'id' | 'bidder'>): OadrValuesMap[] {
  return [
    { type: 'VEN_NAME', values: [bid.bidder] },
    { type: 'RESOURCE_NAME', values: [bid.id] },
    { type: 'AUCTION_ID', values: [auctionId] },
  ];
}

function eventOf(args: {
  id: string; name: string; priority: number; auction: AuctionRecord; bid: BookBid; at: string; payloadType: PayloadType; mwByInterval: [number, number][];
}): OadrEvent {
  const { auction, bid } = args;
  const minutes = auction.intervalMinutes;
  const intervals: OadrInterval[] = args.mwByInterval.map(([t, mw]) => ({
    id: t,
    intervalPeriod: { start: intervalStart(auction, t), duration: isoDuration(minutes) },
    payloads: [{ type: args.payloadType, values: [kwOf(mw)] }],
  }));
  const first = args.mwByInterval[0]?.[0] ?? 0;
  const last = args.mwByInterval.at(-1)?.[0] ?? first;
  return {
    id: args.id,
    createdDateTime: args.at,
    modificationDateTime: args.at,
    objectType: 'EVENT',
    programID: programIdOf(auction.zone, bid.class),
    eventName: args.name,
    priority: args.priority,
    targets: eventTargets(auction.id, bid),
    reportDescriptors: [{ ...USAGE_REPORT_DESCRIPTOR, targets: [{ type: 'RESOURCE_NAME', values: [bid.id] }] }],
    payloadDescriptors: [{ objectType: 'EVENT_PAYLOAD_DESCRIPTOR', payloadType: args.payloadType, units: 'KW', currency: null }],
    intervalPeriod: {
      start: intervalStart(auction, first),
      duration: isoDuration((Math.round((intervalStartMs(auction, last + 1) - intervalStartMs(auction, first)) / 60_000))),
    },
    intervals,
  };
}

/** The allocation event of each of the bidder's accepted bids, in bid-id order. */
export function allocationEvents(auction: AuctionRecord, book: Book, allocation: ReadonlyMap<string, readonly number[]>, bidderId: string): OadrEvent[] {
  const at = auction.timestamps.clearedAt ?? auction.gateClosure;
  return book.bids
    .filter((b) => b.bidder === bidderId)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .flatMap((bid) => {
      const mw = allocation.get(bid.id) ?? [];
      const cells = mw.flatMap((v, t): [number, number][] => (v > 0 ? [[t, v]] : []));
      if (cells.length === 0) return [];
      return [eventOf({ id: allocationEventIdOf(auction.id, bid.id), name: `allocation ${auction.id} ${bid.id}`, priority: 1, auction, bid, at: normalise(at), payloadType: 'IMPORT_CAPACITY_SUBSCRIPTION', mwByInterval: cells })];
    });
}

/** The curtailment events of one notice: one per bid it cut, intervals = the kW left after the cut. */
export function curtailmentEvents(auction: AuctionRecord, book: Book, notice: CurtailmentNotice): OadrEvent[] {
  const bids = new Map(book.bids.map((b) => [b.id, b]));
  const cut = new Map<string, [number, number][]>();
  for (const interval of notice.intervals) {
    for (const b of interval.bids) {
      if (b.mwAfter >= b.mwBefore) continue;
      const cells = cut.get(b.bidId) ?? [];
      cells.push([interval.index, b.mwAfter]);
      cut.set(b.bidId, cells);
    }
  }
  return [...cut.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).flatMap(([bidId, cells]) => {
    const bid = bids.get(bidId);
    if (!bid || bid.bidder !== notice.bidderId) return [];
    cells.sort((x, y) => x[0] - y[0]);
    return [eventOf({
      id: curtailmentEventIdOf(auction.id, notice.curtailmentVersion, bidId), name: `curtailment ${auction.id} v${notice.curtailmentVersion} ${bidId}`,
      priority: 0, auction, bid, at: normalise(notice.noticeTime), payloadType: 'IMPORT_CAPACITY_LIMIT', mwByInterval: cells,
    })];
  });
}

/** The bidder's resources in one auction: its bids (resourceName = bid id). */
export function resourcesOf(auction: AuctionRecord, book: Book, bidderId: string) {
  return book.bids.filter((b) => b.bidder === bidderId).map((bid) => ({
    id: resourceIdOf(auction.id, bid.id),
    objectType: 'RESOURCE' as const,
    resourceName: bid.id,
    venID: venIdOf(bidderId),
    attributes: [
      { type: 'MAX_POWER_CONSUMPTION', values: [kwOf(bid.type === 'block' ? blockPeakMw(bid) : bid.steps.reduce((s, x) => s + x.mw, 0))] },
      { type: 'DESCRIPTION', values: [`${bid.type} bid (${bid.class}) in auction ${auction.id}`] },
    ],
    targets: [{ type: 'AUCTION_ID', values: [auction.id] }, { type: 'PROGRAM_ID', values: [programIdOf(auction.zone, bid.class)] }],
  }));
}

const normalise = (iso: string) => isoUtc(Date.parse(iso));

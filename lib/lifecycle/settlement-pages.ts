// Paged settlement (GET …/settlement?limit=&cursor=): the statements of one auction are computed
// once per (published result, dispatch version, final) — in slices, so the event loop keeps
// turning — kept in a small per-process cache, and served as pages of at most `limit` lines. A
// page has the shape of the whole settlement (the first page of a small auction IS the whole
// settlement); a statement split over pages carries its full totals on each, and its lines,
// concatenated over the pages in order, are exactly its lines. The cursor names the dispatch
// and meter versions it was cut from: a curtailment or new meter readings between two pages make
// the next page a conflict instead of a silent mix of two versions.
import { lruMemo } from '../kernel/lru-memo';
import { z } from 'zod';
import type { BidderStatement, Settlement } from '../../schemas/lifecycle';
import { InvalidCursorError } from '../market/ports';
import { dispatchFromResult } from './dispatch';
import { settleInSlices, settlementFor } from './settle';
import type { PublishedAuctionStore, PublishedFiles, Viewer } from './ports';
import { readingsByBid, type MeterReadingStore } from './meter-readings';
import { imbalancePriceOf } from './metering';

/** ~260 bytes of JSON a line: 10,000 lines stay near 2.6 MB, well under Lambda's 6 MB response. */
export const SETTLEMENT_PAGE_LINES = { default: 10_000, max: 10_000 } as const;

const PageCursorSchema = z.strictObject({
  v: z.number().int().min(0).max(999_999),
  f: z.boolean(),
  o: z.number().int().min(1).max(1e9),
  w: z.string().min(1).max(80),
  /** The meter version (absent in cursors issued before it was named: version 0). */
  m: z.number().int().min(0).max(1e12).optional(),
});
type PageCursor = z.infer<typeof PageCursorSchema>;

export type SettlementPage = Settlement & { nextCursor?: string };

export type SettlementPageOutcome =
  | { kind: 'not-published' }
  | { kind: 'stale'; reason: string }
  | { kind: 'page'; page: SettlementPage };

export interface SettlementPager {
  page(auctionId: string, request: { viewer: Viewer; bidder?: string | undefined; limit: number; cursor?: string | undefined }): Promise<SettlementPageOutcome>;
}

/** `entries`: settlements kept per process (a national one is ~100 MB of objects). */
/** `meter`: the auction's readings make the statements metered (absent: provisional on the allocation). */
export function createSettlementPager(
  store: PublishedAuctionStore & PublishedFiles, entries = 2, meter?: MeterReadingStore,
  /** Called once per computed settlement (the metric of breaches). */
  onComputed?: (settlement: Settlement) => void,
): SettlementPager {
  const cache = lruMemo<Settlement | undefined>(entries);

  const full = async (auctionId: string): Promise<{ settlement: Settlement; meterVersion: number } | undefined> => {
    const pointer = await store.readPublicationPointer(auctionId);
    const c = pointer?.auction.clearing;
    if (!pointer || !c?.resultSha256) return undefined;
    // A new reading bumps the meter version: the cached statements are then stale. A settled
    // auction's readings are closed first, so its final statements never change.
    const settled = pointer.auction.status === 'settled';
    const meterVersion = !meter ? 0 : settled ? await meter.closeReadings(auctionId) : await meter.meterVersion(auctionId);
    const key = [auctionId, c.inputDigest, c.resultSha256, pointer.dispatchVersion, settled, meterVersion].join('|');
    const settlement = await cache.get(key, () => compute(auctionId, meterVersion));
    return settlement && { settlement, meterVersion };
  };

  const compute = async (auctionId: string, meterVersion: number): Promise<Settlement | undefined> => {
    const p = await store.readPublished(auctionId);
    if (!p) return undefined;
    const dispatch = p.dispatch ?? dispatchFromResult(p.book, p.result);
    const metering = meter && meterVersion > 0
      ? { readings: readingsByBid(await meter.readReadings(auctionId), p.book.intervals.length), imbalancePrice: imbalancePriceOf(p.auction, p.result.intervals.map((i) => i.price)) }
      : undefined;
    const settlement = await settleInSlices({ book: p.book, result: p.result, dispatch, final: p.auction.status === 'settled', metering });
    onComputed?.(settlement);
    return settlement;
  };

  return {
    async page(auctionId, { viewer, bidder, limit, cursor }) {
      const computed = await full(auctionId);
      if (!computed) return { kind: 'not-published' };
      const { settlement, meterVersion } = computed;
      const visible = settlementFor(settlement, viewer);
      const view = bidder === undefined ? visible : { ...visible, statements: visible.statements.filter((st) => st.bidderId === bidder) };
      const viewKey = viewer.role === 'operator' ? `op:${bidder ?? '*'}` : `bidder:${viewer.bidderId}`;
      const from = cursor === undefined ? 0 : decodePageCursor(cursor, viewKey);
      if (from > 0) {
        const c = decodeUnchecked(cursor!);
        if (c.v !== settlement.dispatchVersion || c.f !== settlement.final || (c.m ?? 0) !== meterVersion) {
          return { kind: 'stale', reason: `the statements changed since this cursor was issued (dispatch version ${c.v} → ${settlement.dispatchVersion}, final ${c.f} → ${settlement.final}, meter version ${c.m ?? 0} → ${meterVersion}); start again from the first page` };
        }
      }
      const { statements, next } = slice(view.statements, from, limit);
      if (from > 0 && statements.length === 0) throw new InvalidCursorError(); // past the end: not a cursor we issued
      const page: SettlementPage = { ...view, statements };
      if (next !== undefined) page.nextCursor = encodePageCursor({ v: settlement.dispatchVersion, f: settlement.final, o: next, w: viewKey, m: meterVersion });
      return { kind: 'page', page };
    },
  };
}

/** Lines [from, from + limit) of the statements in order; `next` is the offset after them, if any remain. */
function slice(all: readonly BidderStatement[], from: number, limit: number): { statements: BidderStatement[]; next?: number } {
  const out: BidderStatement[] = [];
  let offset = 0;
  let taken = 0;
  for (const st of all) {
    const end = offset + st.lines.length;
    if (end > from && taken < limit) {
      const start = Math.max(0, from - offset);
      const lines = st.lines.slice(start, start + (limit - taken));
      taken += lines.length;
      out.push(lines.length === st.lines.length ? st : { ...st, lines });
    }
    offset = end;
  }
  return from + taken < offset ? { statements: out, next: from + taken } : { statements: out };
}

function encodePageCursor(c: PageCursor): string {
  return Buffer.from(JSON.stringify(c), 'utf8').toString('base64url');
}

function decodeUnchecked(text: string): PageCursor {
  return PageCursorSchema.parse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
}

/** The offset a cursor points at; a cursor that is not one we issued for this view is a 400. */
function decodePageCursor(text: string, viewKey: string): number {
  let cursor: PageCursor;
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(text)) throw new InvalidCursorError();
    cursor = decodeUnchecked(text);
  } catch {
    throw new InvalidCursorError();
  }
  if (cursor.w !== viewKey) throw new InvalidCursorError();
  return cursor.o;
}

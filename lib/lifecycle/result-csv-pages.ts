// Paged result CSV (GET …/result, Accept: text/csv, ?limit=&cursor=): the published book and
// result are read once per published result and kept in a small per-process cache; each page is
// rendered from its cursor's position (result-csv.ts). The cursor names the result it was cut
// from and the view (operator, or which bidder): another result makes it a conflict, another
// view a bad cursor.
import { z } from 'zod';
import type { Book, BookBid } from '../../schemas/book';
import type { BidResult, ClearingResult } from '../../schemas/result';
import { InvalidCursorError } from '../market/ports';
import { forEachRow, resultCsvBids, resultCsvPage, type ResultCsvPage } from './result-csv';
import { resultAmounts, type ResultAmounts } from './result-amounts';
import type { PublishedAuctionStore, PublishedFiles, Viewer } from './ports';

/** Rows per page (a row is ~150 bytes; the 4 MB byte bound ends a page of long ids sooner). */
export const RESULT_CSV_PAGE_ROWS = { default: 20_000, max: 20_000 } as const;

const CursorSchema = z.strictObject({
  s: z.string().min(1).max(64),
  b: z.number().int().min(0).max(1e9),
  r: z.number().int().min(0).max(1e6),
  w: z.string().min(1).max(80),
});

export type ResultCsvOutcome =
  | { kind: 'not-published' }
  | { kind: 'stale'; reason: string }
  | { kind: 'page'; page: ResultCsvPage; nextCursor?: string };

export interface ResultCsvPager {
  page(auctionId: string, request: { viewer: Viewer; limit: number; cursor?: string | undefined }): Promise<ResultCsvOutcome>;
}

interface Published {
  book: Book; result: ClearingResult; timeZone: string | undefined; sha: string;
  views: Map<string, { bid: BookBid; entry: BidResult }[]>;
  /** Rounded over the whole auction on first use (a national result: ~2 million rows). */
  amounts?: Promise<ResultAmounts>;
}

export function createResultCsvPager(store: PublishedAuctionStore & PublishedFiles, entries = 2): ResultCsvPager {
  const cache = new Map<string, Promise<Published | undefined>>();

  const published = async (auctionId: string): Promise<Published | undefined> => {
    const pointer = await store.readPublicationPointer(auctionId);
    const c = pointer?.auction.clearing;
    if (!pointer || !c?.inputDigest || !c.resultSha256 || !['cleared', 'delivering', 'settled'].includes(pointer.auction.status)) return undefined;
    const key = [auctionId, c.inputDigest, c.resultSha256].join('|');
    let entry = cache.get(key);
    if (!entry) {
      const sha = c.resultSha256;
      entry = store.readPublished(auctionId).then((p) => p && { book: p.book, result: p.result, timeZone: p.auction.timeZone, sha, views: new Map() });
      cache.set(key, entry);
      entry.catch(() => cache.delete(key));
      while (cache.size > entries) cache.delete(cache.keys().next().value!);
    }
    return entry;
  };

  return {
    async page(auctionId, { viewer, limit, cursor }) {
      const p = await published(auctionId);
      if (!p) return { kind: 'not-published' };
      const viewKey = viewer.role === 'operator' ? 'op' : `bidder:${viewer.bidderId}`;
      let bids = p.views.get(viewKey);
      if (!bids) {
        bids = resultCsvBids(p.book, p.result, viewer);
        // Bidders' views are small; the operator's is the whole book, kept with it.
        if (p.views.size < 64) p.views.set(viewKey, bids);
      }
      const sha = p.sha.slice(0, 16);
      const from = cursor === undefined ? { bid: 0, row: 0 } : decodeCursor(cursor, viewKey);
      if (cursor !== undefined && decodeCursorUnchecked(cursor).s !== sha) {
        return { kind: 'stale', reason: 'the result was published again since this cursor was issued; start again from the first page' };
      }
      // A cursor names a row that exists: one past a bid's rows (or past the bids) was not
      // issued here, and would silently skip rows, so it is refused (400, path `cursor`).
      if (cursor !== undefined && !(from.bid < bids.length && from.row < rowCount(p.book, p.result, bids[from.bid]!))) throw new InvalidCursorError();
      p.amounts ??= resultAmounts(p.book, p.result);
      const page = resultCsvPage(p.book, p.result, bids, await p.amounts, p.timeZone, from, limit);
      const next = page.next && Buffer.from(JSON.stringify({ s: sha, b: page.next.bid, r: page.next.row, w: viewKey }), 'utf8').toString('base64url');
      return { kind: 'page', page, ...(next ? { nextCursor: next } : {}) };
    },
  };
}

/** Rows of one bid in the file (its window's intervals, and filled steps under pay-as-bid). */
function rowCount(book: Book, result: ClearingResult, { bid, entry }: { bid: BookBid; entry: BidResult }): number {
  let rows = 0;
  forEachRow(book, result, bid, entry, () => { rows++; });
  return rows;
}

function decodeCursorUnchecked(text: string): z.infer<typeof CursorSchema> {
  return CursorSchema.parse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
}

/** The position a cursor points at; one not issued for this view is a 400 (InvalidCursorError). */
function decodeCursor(text: string, viewKey: string): { bid: number; row: number } {
  let cursor: z.infer<typeof CursorSchema>;
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(text)) throw new InvalidCursorError();
    cursor = decodeCursorUnchecked(text);
  } catch {
    throw new InvalidCursorError();
  }
  if (cursor.w !== viewKey) throw new InvalidCursorError();
  return { bid: cursor.b, row: cursor.r };
}

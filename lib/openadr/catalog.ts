// Which auctions the VTN shows: those with a published result (cleared, delivering, settled),
// read from the auction list page by page up to a bound (docs/openadr.md § Limits), optionally
// of one zone. Programs come from every listed auction's zone.
import type { AuctionRecord, MarketDeps } from '../market/ports';

/** Auctions looked at per request (20 pages of 100). */
export const MAX_AUCTIONS_SCANNED = 2000;
const PUBLISHED = new Set(['cleared', 'delivering', 'settled']);

export async function listAuctionsWhere(market: MarketDeps, accept: (a: AuctionRecord) => boolean): Promise<AuctionRecord[]> {
  const out: AuctionRecord[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_AUCTIONS_SCANNED / 100; page++) {
    const result = await market.store.auctions.listAuctions({ limit: 100, cursor }, accept);
    out.push(...result.items);
    cursor = result.nextCursor;
    if (!cursor) break;
  }
  return out;
}

/** Whether the VTN shows the auction's objects (it has a published result). */
export const isShown = (a: Pick<AuctionRecord, 'status'>) => PUBLISHED.has(a.status);

export const publishedAuctions = (market: MarketDeps, zone?: (zone: string) => boolean) =>
  listAuctionsWhere(market, (a) => isShown(a) && (zone === undefined || zone(a.zone)));

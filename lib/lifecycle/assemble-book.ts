// From stored auction, forecast versions and bids to the `surplus-auction/v1` book that is
// cleared and published. Deterministic: fields are copied by name in a fixed order (stored
// bookkeeping such as createdAt, updatedAt, auctionId or keys is dropped), bids sorted by id.
import { BOOK_FORMAT, type Book, type BookBid, type Indices } from '../../schemas/book';
import { bookStepPrice } from '../../schemas/indexed-price';
import type { AuctionRecord, StoredBid, StoredForecast } from './ports';
import { compareIds } from './dispatch';

/** A book that cannot be built: retrying will not help, the auction fails at once. */
export class BookAssemblyError extends Error {
  override readonly name = 'BookAssemblyError';
}

/** The latest forecast version created at or before gate closure (later ones are curtailment revisions). */
export function forecastAtGate(forecasts: readonly StoredForecast[], gateClosure: string): StoredForecast | undefined {
  const gate = Date.parse(gateClosure);
  let best: StoredForecast | undefined;
  for (const f of forecasts) {
    if (Date.parse(f.createdAt) <= gate && (!best || f.version > best.version)) best = f;
  }
  return best;
}

export function assembleBook(auction: AuctionRecord, forecasts: readonly StoredForecast[], bids: readonly StoredBid[]): Book {
  const forecast = forecastAtGate(forecasts, auction.gateClosure);
  if (!forecast) throw new BookAssemblyError(`no forecast was published before gate closure (${auction.gateClosure})`);
  if (forecast.intervals.length !== auction.intervalCount) {
    throw new BookAssemblyError(`forecast version ${forecast.version} has ${forecast.intervals.length} intervals, the auction ${auction.intervalCount}`);
  }
  return {
    format: BOOK_FORMAT,
    auction: {
      id: auction.id,
      zone: auction.zone,
      deliveryStart: auction.deliveryStart,
      intervalMinutes: auction.intervalMinutes,
      currency: auction.currency,
      pricing: auction.pricing,
      // Absent unless the auction names one, so books of auctions without it keep their bytes.
      ...(auction.timeZone ? { timeZone: auction.timeZone } : {}),
    },
    intervals: forecast.intervals.map((i) => ({ surplusMw: i.surplusMw, reservePrice: i.reservePrice })),
    bids: [...bids].sort((a, b) => compareIds(a.id, b.id)).map((b) => toBookBid(b, auction.indices)),
    // Frozen at gate closure; absent unless the operator published one, so other books keep their bytes.
    ...(auction.indices ? { indices: auction.indices } : {}),
  };
}

/** A stored bid as the book has it: the book's fields in the book's order, bookkeeping dropped. */
export function toBookBid(b: StoredBid, indices?: Indices): BookBid {
  const common = { id: b.id, bidder: b.bidder, class: b.class };
  if (b.type === 'curve') {
    return {
      ...common, type: 'curve', from: b.from, to: b.to,
      steps: b.steps.map((s) => ({
        mw: s.mw, price: bookStepPrice(s, indices), ...(s.index ? { index: s.index } : {}), ...(s.workload ? { workload: s.workload } : {}),
      })),
    };
  }
  return {
    ...common, type: 'block', mw: b.mw, duration: b.duration, earliestStart: b.earliestStart, latestStart: b.latestStart,
    price: b.price, minAcceptanceRatio: b.minAcceptanceRatio, ...(b.workload ? { workload: b.workload } : {}),
  };
}

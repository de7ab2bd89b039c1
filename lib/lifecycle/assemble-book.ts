// From stored auction, forecast versions and bids to the `surplus-auction/v1` book that is
// cleared and published. Deterministic: fields are copied by name in a fixed order (stored
// bookkeeping such as createdAt, updatedAt, auctionId or keys is dropped), bids sorted by id.
// The v2 fields (interval firmMw; bid firmness, exclusiveGroup, parentId, profile) are copied only
// when present, so books without them keep their bytes. A linked block whose link a race left
// invalid (its parent cancelled while it was being written) is left out (unlinkableBlocks).
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
    intervals: forecast.intervals.map((i) => ({ surplusMw: i.surplusMw, reservePrice: i.reservePrice, ...(i.firmMw !== undefined ? { firmMw: i.firmMw } : {}) })),
    bids: withValidLinks([...bids].sort((a, b) => compareIds(a.id, b.id)).map((b) => toBookBid(b, auction.indices))),
    // Frozen at gate closure; absent unless the operator published one, so other books keep their bytes.
    ...(auction.indices ? { indices: auction.indices } : {}),
  };
}

/** A stored bid as the book has it: the book's fields in the book's order, bookkeeping dropped. */
export function toBookBid(b: StoredBid, indices?: Indices): BookBid {
  const common = { id: b.id, bidder: b.bidder, class: b.class };
  if (b.type === 'curve') {
    return {
      ...common, type: 'curve', ...(b.firmness ? { firmness: b.firmness } : {}), from: b.from, to: b.to,
      steps: b.steps.map((s) => ({
        mw: s.mw, price: bookStepPrice(s, indices), ...(s.index ? { index: s.index } : {}), ...(s.workload ? { workload: s.workload } : {}),
      })),
    };
  }
  return {
    ...common, type: 'block', ...(b.profile ? { profile: [...b.profile] } : { mw: b.mw }),
    ...(b.firmness ? { firmness: b.firmness } : {}),
    ...(b.exclusiveGroup !== undefined ? { exclusiveGroup: b.exclusiveGroup } : {}),
    ...(b.parentId !== undefined ? { parentId: b.parentId } : {}),
    duration: b.duration, earliestStart: b.earliestStart, latestStart: b.latestStart,
    price: b.price, minAcceptanceRatio: b.minAcceptanceRatio, ...(b.workload ? { workload: b.workload } : {}),
  };
}

/**
 * Linked blocks the book cannot carry, by a rule on the bids alone (never their order or the
 * time): a block whose parentId does not name a block of the same bidder in the book, other than
 * itself and without a parentId of its own, is left out; repeated until nothing changes (a child
 * of a left-out block goes too). The API refuses such links when a bid is written; only a race
 * (a parent cancelled, or given a parent, while its child was being written) leaves one. A child
 * is accepted only with its parent (SPEC §1), and its parent is gone or not a valid parent, so the
 * child is left out rather than cleared alone. What remains passes validateBook's link rules.
 */
export function unlinkableBlocks(bids: readonly BookBid[]): Set<string> {
  const byId = new Map(bids.map((b) => [b.id, b]));
  const out = new Set<string>();
  for (;;) {
    const round: string[] = [];
    for (const b of bids) {
      if (b.type !== 'block' || b.parentId === undefined || out.has(b.id)) continue;
      const parent = out.has(b.parentId) ? undefined : byId.get(b.parentId);
      const valid = parent !== undefined && parent.id !== b.id && parent.type === 'block' && parent.bidder === b.bidder && parent.parentId === undefined;
      if (!valid) round.push(b.id);
    }
    if (round.length === 0) return out;
    for (const id of round) out.add(id);
  }
}

function withValidLinks(bids: BookBid[]): BookBid[] {
  const left = unlinkableBlocks(bids);
  return left.size === 0 ? bids : bids.filter((b) => !left.has(b.id));
}

// The ports the market use cases receive: a store split by concern (keys, auctions, forecasts,
// bids, idempotency records) so later concerns (results, events, settlement) slot in beside
// them, a clock and an id generator. The DynamoDB adapter is in lib/store/dynamodb-store.ts.
import type { Principal } from '../../schemas/api/keys';
import type { Auction } from '../../schemas/api/auctions';
import type { StoredBid } from '../../schemas/api/bids';
import type { Interval } from '../../schemas/book';
import type { Clock, IdGenerator } from '../kernel/ports';


export interface Page<T> { items: T[]; nextCursor?: string | undefined }
export interface PageRequest { limit: number; cursor?: string | undefined }

/** A cursor that does not decode to a key of the listed partition. */
export class InvalidCursorError extends Error {
  constructor() { super('invalid cursor'); this.name = 'InvalidCursorError'; }
}

/** A key as stored: what it grants, its hash, and when it was revoked (if it was). */
export type KeyRecord = Principal & { keyHash: string; revokedAt?: string | undefined };
export interface KeyStore {
  /** Conditional: returns false (and changes nothing) when a key with this hash exists. */
  putKey(record: KeyRecord): Promise<boolean>;
  /** `maxAgeMs` as for getAuction: a cached copy may miss a revocation made on another instance
   * for up to that long (the caller bounds it; see KEY_MAX_AGE_MS). */
  getKeyByHash(keyHash: string, options?: { maxAgeMs?: number }): Promise<KeyRecord | undefined>;
  /** Every key, in keyId order. */
  listKeys(page: PageRequest): Promise<Page<KeyRecord>>;
  /** Sets revokedAt (conditional: only if not revoked yet, so the first time is kept) and
   * forgets this instance's cached copy. 'not-found' for an unknown keyId. */
  revokeKey(keyId: string, revokedAt: string): Promise<'ok' | 'not-found'>;
}

/** An auction as stored: the API's Auction shape (status as stored; readers derive `closed`
 * from the clock, see auctionView). One schema, schemas/api/auctions.ts. */
export type AuctionRecord = Auction;
export interface AuctionStore {
  createAuction(auction: AuctionRecord): Promise<void>;
  /** `maxAgeMs`: the caller accepts a copy read up to that long ago (for checks that a
   * transaction repeats authoritatively, e.g. the gate on a bid write). */
  getAuction(id: string, options?: { maxAgeMs?: number }): Promise<AuctionRecord | undefined>;
  /**
   * Auctions in list order; with `accept`, only those it accepts: pages are filled from up to
   * LIST_SCAN_BUDGET stored items, so a filtered page may be short (even empty) and still have a
   * nextCursor.
   */
  listAuctions(page: PageRequest, accept?: (auction: AuctionRecord) => boolean): Promise<Page<AuctionRecord>>;
  /** Closes the gate now (status open → closed on the auction and its gate copies, in one
   * transaction). False when the auction was not open. `at.gateClosure` (a forced close) also
   * moves the gate closure; `at.closedAt` is recorded as timestamps.closedAt (default: now). */
  closeGate(id: string, now: Date, at?: { gateClosure?: string; closedAt?: string }): Promise<boolean>;
  /** Open auctions whose gate closed at or before `before` (for the clearing schedule). */
  listGateClosed(before: Date, limit: number): Promise<AuctionRecord[]>;
}

export interface ForecastRecord { auctionId: string; version: number; intervals: Interval[]; createdAt: string }
export type GuardedWrite = 'ok' | 'not-found' | 'gate-closed' | 'conflict';
export interface ForecastStore {
  /** Writes version `forecast.version` and moves the auction's pointer to it, only if the pointer
   * still is `forecast.version - 1` (optimistic) and the gate is open at `now`. */
  putForecast(forecast: ForecastRecord, now: Date): Promise<GuardedWrite>;
  getForecast(auctionId: string, version: number): Promise<ForecastRecord | undefined>;
  /** Every version of the auction, oldest first. */
  listForecasts(auctionId: string): Promise<ForecastRecord[]>;
}

export type BidRecord = StoredBid;
/** The first response of an idempotent request, written in the same transaction as its effect. */
export interface IdempotencyCompletion { scopeKey: string; token: string; response: StoredResponse }
export interface BidStore {
  /** Atomic with a gate check on the auction (open and gateClosure > now) and, when given, the
   * completion of the request's idempotency record. */
  createBid(bid: BidRecord, now: Date, idempotency?: IdempotencyCompletion): Promise<GuardedWrite>;
  getBid(auctionId: string, bidId: string): Promise<BidRecord | undefined>;
  /** Replaces a bid of the same bidder whose updatedAt is still `previousUpdatedAt`, gate open. */
  replaceBid(bid: BidRecord, previousUpdatedAt: string, now: Date): Promise<GuardedWrite>;
  deleteBid(auctionId: string, bidId: string, bidder: string, now: Date): Promise<GuardedWrite>;
  /** One bidder's bids (bidder given) or all bids of the auction, in bid-id order per page source. */
  listBids(auctionId: string, bidder: string | undefined, page: PageRequest): Promise<Page<BidRecord>>;
  /** Every bid of the auction (the shards read in parallel), in bid-id order: the book's bids. */
  readAllBids(auctionId: string): Promise<BidRecord[]>;
}

export interface StoredResponse { status: number; contentType: string; body: string }
export type IdempotencyRecord =
  | { state: 'pending'; requestHash: string; token: string; leaseUntil: number }
  | { state: 'done'; requestHash: string; response: StoredResponse };
export interface IdempotencyStore {
  /** Conditional put: claims `scopeKey` unless a record exists whose lease has not run out. */
  claim(scopeKey: string, requestHash: string, token: string, nowMs: number, leaseUntil: number, expiresAt: number): Promise<{ claimed: true } | { claimed: false; existing: IdempotencyRecord }>;
  /** Stores the response if the claim still holds `token` (no-op when the effect already did). */
  complete(completion: IdempotencyCompletion, expiresAt: number): Promise<void>;
  release(scopeKey: string, token: string): Promise<void>;
  get(scopeKey: string): Promise<IdempotencyRecord | undefined>;
}

export interface MarketStore {
  keys: KeyStore;
  auctions: AuctionStore;
  forecasts: ForecastStore;
  bids: BidStore;
  idempotency: IdempotencyStore;
}

export interface MarketDeps {
  store: MarketStore;
  clock: Clock;
  ids: IdGenerator;
  /** How old a cached key may be when authenticating (default and maximum: KEY_MAX_AGE_MS). */
  keyMaxAgeMs?: number | undefined;
}

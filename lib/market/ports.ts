// The ports the market use cases receive: a store split by concern (keys, auctions, forecasts,
// bids, idempotency records) so later concerns (results, events, settlement) slot in beside
// them, a clock and an id generator. The DynamoDB adapter is in lib/store/dynamodb-store.ts.
import type { Principal } from '../../schemas/api/keys';
import type { Auction } from '../../schemas/api/auctions';
import type { Indices } from '../../schemas/book';
import type { StoredBid } from '../../schemas/api/bids';
import type { Interval } from '../../schemas/book';
import type { Clock, IdGenerator } from '../kernel/ports';


export interface Page<T> { items: T[]; nextCursor?: string | undefined }
export interface PageRequest { limit: number; cursor?: string | undefined }

/** A cursor that does not decode to a key of the listed partition. */
export class InvalidCursorError extends Error {
  constructor() { super('invalid cursor'); this.name = 'InvalidCursorError'; }
}

/** A secret a rotation replaced: it authenticates until `validUntil`, and is refused from then on. */
export interface RetiredSecret { keyHash: string; validUntil: string }
/** A key as stored: what it grants, the hash of its current secret (never a secret itself), the
 * replaced secrets still in their grace period, and its history. Revocation cuts off every
 * secret of the key at once, because each is checked against this one record. */
export type KeyRecord = Principal & {
  currentHash: string;
  retired: RetiredSecret[];
  revokedAt?: string | undefined;
  lastUsedAt?: string | undefined;
  rotatedAt?: string | undefined;
};
/** A new current secret; `retired` replaces the list; `revive` (the bootstrap key only) clears revokedAt. */
export interface KeyRotation { currentHash: string; retired: RetiredSecret[]; rotatedAt: string; revive?: boolean }
export interface KeyStore {
  /** Conditional: returns false (and changes nothing) when the keyId or the secret's hash is
   * taken. `adoptLegacy`: the secret may be a key stored before rotation existed, which this key
   * then replaces (the bootstrap key, first start after the upgrade). */
  putKey(record: KeyRecord, options?: { adoptLegacy?: boolean }): Promise<boolean>;
  /** The key a secret's hash belongs to, current or replaced (the caller checks which).
   * `maxAgeMs` as for getAuction: a cached copy may miss a revocation or rotation made on
   * another instance for up to that long (the caller bounds it; see KEY_MAX_AGE_MS). */
  getKeyBySecret(keyHash: string, options?: { maxAgeMs?: number }): Promise<KeyRecord | undefined>;
  /** Consistent read by keyId. */
  getKey(keyId: string): Promise<KeyRecord | undefined>;
  /** Every key, in keyId order. */
  listKeys(page: PageRequest): Promise<Page<KeyRecord>>;
  /** Sets revokedAt (conditional: only if not revoked yet, so the first time is kept) and
   * forgets this instance's cached copy. 'not-found' for an unknown keyId. */
  revokeKey(keyId: string, revokedAt: string): Promise<'ok' | 'not-found'>;
  /** Replaces the current secret in one transaction, only if the key's current hash is still
   * `expectedHash` and (unless `revive`) it is not revoked; 'conflict' otherwise, or when the new
   * hash belongs to another key. Forgets this instance's cached copy. */
  rotateKey(keyId: string, expectedHash: string, rotation: KeyRotation): Promise<'ok' | 'conflict'>;
  /** Records a use: sets lastUsedAt to the store clock's now when it is absent or older than
   * `minIntervalMs` — no write at all when `lastUsedAt` (the caller's copy) is recent, else a
   * conditional update, so instances racing write it once. Returns the lastUsedAt it wrote. */
  recordUse(keyId: string, lastUsedAt: string | undefined, minIntervalMs: number): Promise<string | undefined>;
}

/** Dashboard sessions ended server-side (sign-out): a copied cookie stops working everywhere. */
export interface SessionStore {
  /** Idempotent; the record lives until the session would have expired (epoch seconds). */
  endSession(sessionId: string, expiresAtSeconds: number): Promise<void>;
  /** Consistent read: an ending on any instance is seen by the next request. */
  isEnded(sessionId: string): Promise<boolean>;
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
  /** Replaces the auction's published index values, only while it is open and `now` is before its gate closure. */
  setIndices(id: string, indices: Indices, now: Date): Promise<'ok' | 'not-found' | 'gate-closed'>;
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
/** A bid write: a GuardedWrite, or 'parent-changed' when the block's `parentId` no longer names a
 * block of the same bidder without a parent of its own at commit time, or 'has-children' when the
 * bid still counts children and is deleted or given a parent. Both are decided in the write's
 * transaction (parents count their children), so no write ever leaves a link dangling. */
export type BidWrite = GuardedWrite | 'parent-changed' | 'has-children';
export interface BidStore {
  /** Atomic with a gate check on the auction (open and gateClosure > now), the parent check of a
   * linked block and, when given, the completion of the request's idempotency record. */
  createBid(bid: BidRecord, now: Date, idempotency?: IdempotencyCompletion): Promise<BidWrite>;
  getBid(auctionId: string, bidId: string): Promise<BidRecord | undefined>;
  /** Replaces a bid of the same bidder whose updatedAt is still `previousUpdatedAt`, gate open (and parent checked). */
  replaceBid(bid: BidRecord, previousUpdatedAt: string, now: Date): Promise<BidWrite>;
  /** Refused ('has-children') while the bid is some block's parent. */
  deleteBid(auctionId: string, bidId: string, bidder: string, now: Date): Promise<Exclude<BidWrite, 'parent-changed'>>;
  /** One bidder's bids (bidder given) or all bids of the auction, in bid-id order per page source. */
  listBids(auctionId: string, bidder: string | undefined, page: PageRequest): Promise<Page<BidRecord>>;
  /** Ids of the bidder's blocks in the auction whose parentId is `parentId`, in id order. Read from
   * the bidder index (eventually consistent): a child created in the same instant may be missed,
   * which book assembly tolerates (it drops a link to a bid not in the book). */
  childrenOf(auctionId: string, bidder: string, parentId: string): Promise<string[]>;
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
  sessions: SessionStore;
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
  /** Where failures that must not fail the request (recording a key's use) are reported. */
  logError?: ((message: string, error: unknown) => void) | undefined;
}

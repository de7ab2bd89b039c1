// Ports of the lifecycle use cases. The DynamoDB adapter, the HTTP routes and the Lambda entry
// points implement / pass them in; nothing here imports AWS or the clearing engine.
import type { StoredCurveStep } from '../../schemas/api/bids';
import type { BlockBid, Book, BookBid, CurveBid, Interval } from '../../schemas/book';
import type { ClearingResult } from '../../schemas/result';
import type { DispatchBook } from './dispatch';
import type { AuctionRecord as MarketAuctionRecord } from '../market/ports';
import type { AuctionLifecycleFields, AuctionStatus, CurtailmentRecord, CurtailmentStatus, Dispatch, LifecycleTimestamps, OutboxEntry } from '../../schemas/lifecycle';

/** Who is reading: the operator sees everything, a bidder its own bids and statements. */
export type Viewer = { role: 'operator' } | { role: 'bidder'; bidderId: string };

/** What the lifecycle needs of a stored auction: its header and its lifecycle fields. */
export type AuctionRecord = Pick<MarketAuctionRecord,
  'id' | 'zone' | 'deliveryStart' | 'intervalMinutes' | 'intervalCount' | 'gateClosure' | 'pricing' | 'currency' | 'timeZone' | 'indices' | 'imbalancePrice'
> & AuctionLifecycleFields;

/** A forecast version as stored (extra fields are ignored). */
export interface StoredForecast {
  version: number;
  createdAt: string;
  intervals: readonly (Interval & Record<string, unknown>)[];
}

/** A bid as stored by the market service: the book fields (a step may give `index` in place of `price`) plus bookkeeping the book drops. */
export type StoredBid = (BlockBid | (Omit<CurveBid, 'steps'> & { steps: StoredCurveStep[] })) & Record<string, unknown>;

export interface BookInputs {
  auction: AuctionRecord;
  /** Every forecast version of the auction; the book takes the latest one created at or before gate closure. */
  forecasts: readonly StoredForecast[];
  /** The live bids at gate closure (deleted ones excluded by the store). */
  bids: readonly StoredBid[];
}

export interface ResultKey {
  inputDigest: string;
  /** sha256 hex of the result bytes: chunks are stored under (inputDigest, resultSha256). */
  resultSha256: string;
}

/** Port of the clearing use case. Every write is conditional or idempotent (docs/lifecycle.md). */
export interface LifecycleStore {
  /** Auctions for which nextLifecycleState(a, now) is not `none`, at most `limit`. */
  listDueAuctions(now: Date, limit: number): Promise<AuctionRecord[]>;
  getAuction(auctionId: string): Promise<AuctionRecord | undefined>;
  /** Conditional on status = from: sets status = to and merges the timestamps. */
  transition(auctionId: string, from: AuctionStatus, to: AuctionStatus, timestamps: Partial<LifecycleTimestamps>): Promise<boolean>;
  /**
   * Conditional: status = closed, or status = clearing with leaseUntil ≤ now. Sets status =
   * clearing, owner, leaseUntil, attempts + 1, timestamps.clearingAt (first time only). Returns
   * the claim (attempt count after the increment, last error), or null when someone else holds it.
   */
  claim(auctionId: string, claim: { owner: string; now: Date; leaseUntil: Date }): Promise<{ attempts: number; lastError?: string } | null>;
  /**
   * The heartbeat of a run that holds the claim: conditional on status = clearing AND owner = me,
   * sets leaseUntil (a run whose lease ran out but was not taken over may renew it). False when
   * the claim was taken over or the auction left `clearing`: the run must not publish.
   */
  renewLease(auctionId: string, lease: { owner: string; leaseUntil: Date }): Promise<boolean>;
  readBookInputs(auctionId: string): Promise<BookInputs>;
  /** Idempotent: the same inputDigest always carries the same bytes. */
  saveBook(auctionId: string, inputDigest: string, bookJson: string): Promise<void>;
  /**
   * Chunk sets written before `olderThan` that no pointer references and none ever can again (a
   * crashed or outraced run's book, result or curtailment record) are deleted; at most `limit`
   * looked at per call. Never deletes what a later run could still publish.
   */
  sweepOrphanedBlobs(olderThan: Date, limit: number): Promise<{ removed: number; referenced: number; undecided: number }>;
  /** Idempotent: writes the result in chunks under the key (BatchWrite, UnprocessedItems retried with backoff). */
  saveResult(auctionId: string, key: ResultKey, resultJson: string): Promise<void>;
  /**
   * THE publication: one conditional update of the auction item (status = clearing AND owner =
   * me) → status cleared, clearing.{inputDigest,resultSha256,resultBytes}, clearedAt, lease
   * cleared. Readers follow the pointer, so they see no result or the whole one.
   */
  publish(auctionId: string, p: ResultKey & { owner: string; resultBytes: number; at: Date }): Promise<boolean>;
  /** Conditional on owner = me: records lastError and ends the lease now so the next run retries. */
  releaseAfterError(auctionId: string, owner: string, reason: string, at: Date): Promise<boolean>;
  /** Conditional on status = clearing AND owner = me: status failed, failure {reason, attempts}, failedAt. */
  markFailed(auctionId: string, owner: string, failure: { reason: string; attempts: number }, at: Date): Promise<boolean>;
  /** Operator retry of a failed auction: conditional on status = failed → closed, attempts 0, failure removed. */
  reopenFailed(auctionId: string, at: Date): Promise<boolean>;
  /** Operator force-close: conditional on status = open → closed, gateClosure and closedAt set. */
  closeGate(auctionId: string, gateClosure: string, closedAt: string): Promise<boolean>;
  /**
   * After a forced close committed: conditional on status = closed AND gateClosure = expected,
   * moves gateClosure and closedAt to a later reading, so that every bid or forecast the close
   * raced (stored before it committed) is stamped before the recorded gate closure.
   */
  restampClosedGate(auctionId: string, expected: string, gateClosure: string, closedAt: string): Promise<boolean>;
}

/** The clearing engine as the use case sees it (the wiring passes lib/clearing's functions). */
export interface ClearingEngine {
  /** `checkpoint` is awaited between the engine's phases (the use case renews its lease there; a throw aborts the solve). */
  clear(book: Book, opts: { timeLimitMs: number; checkpoint?: () => Promise<void> }): Promise<ClearingResult>;
  /** Canonical bytes of a result (the published file). */
  serialize(result: ClearingResult): string;
  /** `sha256:<hex>` of the canonical book; equals result.inputDigest. */
  digest(book: Book): string;
}

/** A published auction as the result, curtailment and settlement views need it. */
export interface PublishedAuction {
  auction: AuctionRecord;
  /** The book that was cleared (its bytes as published at /book). */
  book: Book;
  result: ClearingResult;
  /** The latest dispatch; undefined until the first curtailment (then dispatch v0 = the result). */
  dispatch: Dispatch | undefined;
}

/** What a curtailment starts from: the fields of the book it reads and the latest dispatch (v0 = the result). */
export interface CurtailmentInputs {
  auction: AuctionRecord;
  book: DispatchBook;
  dispatch: Dispatch;
}

/** A committed curtailment without its dispatch: what the fan-out and the curtailment list read. */
export type CurtailmentNotices = Omit<CurtailmentRecord, 'dispatch'>;

/** Port of the curtailment, result and settlement use cases. */
export interface PublishedAuctionStore {
  /** undefined when the auction does not exist or has no published result. */
  readPublished(auctionId: string): Promise<PublishedAuction | undefined>;
  /** Like readPublished, only what a curtailment reads (a national curtailment answers in ≤ 1 s). */
  readCurtailmentInputs(auctionId: string): Promise<CurtailmentInputs | undefined>;
  /**
   * THE commit point of a curtailment: conditional put of the record (version v must not exist,
   * and the auction's current dispatch version must be v − 1), updating the auction's dispatch
   * version in the same transaction. False when another curtailment won the race.
   * `previous`: the dispatch the curtailment started from (version v − 1, as read from this
   * store); a store may then keep only the rows that changed (the DynamoDB store does).
   */
  commitCurtailment(record: CurtailmentRecord, previous?: Dispatch): Promise<boolean>;
  /**
   * Idempotent fan-out after the commit: one events-feed item per notice (per bidder, ordered by
   * notice time then event id) and the outbox entries (keys = outbox id). Re-running it after a
   * crash writes the same items.
   */
  publishNotices(record: CurtailmentNotices, outbox: readonly OutboxEntry[]): Promise<void>;
  /** A committed curtailment's time and whether its fan-out completed; undefined when not committed. */
  readCurtailmentStatus(auctionId: string, version: number): Promise<CurtailmentStatus | undefined>;
}

export type PublishedFileRead =
  | { kind: 'not-found' }
  | { kind: 'not-published'; status: AuctionStatus }
  | { kind: 'file'; bytes: number; sha256: string; data: Uint8Array };

/** The published files as stored: the exact bytes served by GET …/book and GET …/result. */
export interface PublishedFiles {
  /** The auction and its current dispatch version (one read): what names a published state. */
  readPublicationPointer(auctionId: string): Promise<{ auction: AuctionRecord; dispatchVersion: number } | undefined>;
  /**
   * One bidder's part of a published result without reading the whole file: the result's fields
   * but bids (`head`), the bidder's bid entries in file order, its paradoxically rejected ids.
   * undefined when the result has no per-bidder index (published before the index existed).
   */
  readBidderResult(auctionId: string, key: ResultKey, bidderId: string): Promise<{ head: unknown; bids: unknown[]; paradoxicallyRejected: string[] } | undefined>;
  /** The published result's fields but bids and paradoxicallyRejected (one small read); undefined without an index. */
  readResultHead(auctionId: string, key: ResultKey): Promise<unknown>;
  /** A published file (book or result) by the auction's pointer: its size and sha256, and its bytes, all or [start, end). */
  readPublishedFile(auctionId: string, file: 'book' | 'result', window?: { start: number; end: number }): Promise<PublishedFileRead>;
  /** undefined when the auction does not exist; `files` absent until a result is published. */
  readPublishedFiles(auctionId: string): Promise<{
    auction: AuctionRecord;
    files?: { bookJson: string; resultJson: string; dispatchVersion: number };
  } | undefined>;
}

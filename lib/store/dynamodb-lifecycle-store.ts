// The DynamoDB adapter behind the lifecycle ports (lib/lifecycle/ports.ts): a view over the
// repositories — the auction repository (lease, publication, transitions, gate closes), blob
// storage (books, results), the curtailment repository (commit, fan-out). Conditions are those
// written on the ports; layout in docs/table-design.md § Lifecycle.
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { BookInputs, CurtailmentInputs, CurtailmentNotices, LifecycleStore, PublishedAuction, PublishedAuctionStore, PublishedFiles } from '../lifecycle/ports';
import { dispatchFromResult, type DispatchBook } from '../lifecycle/dispatch';
import { parseCurtailmentBook, parseCurtailmentResult } from './repositories/curtailment-inputs';
import type { Clock } from '../kernel/ports';
import type { FanOutStore } from '../lifecycle/repair-fan-out';
import type { MarketStore } from '../market/ports';
import type { AuctionStatus } from '../../schemas/lifecycle';
import { BookSchema, type Book } from '../../schemas/book';
import type { CurtailmentRecord, Dispatch } from '../../schemas/lifecycle';
import { applyDispatchDelta } from './dispatch-delta';
import type { ClearingResult } from '../../schemas/result';
import { lruMemo } from '../kernel/lru-memo';
import { ResultSchema } from '../../schemas/result';
import { createRepositories, type RepositoryOptions } from './dynamodb-repositories';
import { repositoriesOf } from './dynamodb-store';
import { tableOf } from './table';
import { createBlobSweeper } from './repositories/blob-sweep';
import type { StoredAuction } from './items/auction-item';

const PUBLISHED: readonly AuctionStatus[] = ['cleared', 'delivering', 'settled'];

/** The published files' key of an auction, or undefined until it is published (or when the pointer is incomplete). */
type PublishedKey = { inputDigest: string; resultSha256: string; resultBytes: number };

function publishedKey(auction: StoredAuction['lifecycle']): PublishedKey | undefined {
  const c = auction.clearing;
  if (!PUBLISHED.includes(auction.status) || !c?.inputDigest || !c.resultSha256 || c.resultBytes === undefined) return undefined;
  return { inputDigest: c.inputDigest, resultSha256: c.resultSha256, resultBytes: c.resultBytes };
}

export interface LifecycleStoreOptions extends RepositoryOptions {
  /** Stamps store-side times (a transition's default time); defaults to the market store's, else the system clock. */
  clock?: Clock | undefined;
  /** Published auctions kept parsed in this process (default 2). */
  publishedCacheEntries?: number;
}

export type DynamoDbLifecycleStore = LifecycleStore & PublishedAuctionStore & PublishedFiles & FanOutStore & {
  /** A committed curtailment with its dispatch rebuilt (audits, tests). */
  readCurtailment(auctionId: string, version: number): Promise<CurtailmentRecord | undefined>;
};

/** `market`: when made by createDynamoDbStore, its auction repository (and read cache) is shared. */
export function createDynamoDbLifecycleStore(
  doc: DynamoDBDocumentClient, tableName: string, market?: MarketStore, options: LifecycleStoreOptions = {},
): DynamoDbLifecycleStore {
  const shared = market ? repositoriesOf(market) : undefined;
  const table = tableOf(doc, tableName, options.clock ?? shared?.table.clock);
  const { auctions, forecasts, bids, blobs, curtailments } = createRepositories(table, options, shared ? { auctions: shared.auctions } : {});

  const sweeper = createBlobSweeper(table, auctions);
  // Parsed published files and dispatches, by content (digests, committed versions): never stale.
  // A national book and result parse in ~0.5 s and weigh ~100 MB as objects, hence so few.
  const parsedFiles = lruMemo<{ book: Book; result: ClearingResult }>(options.publishedCacheEntries ?? 2);
  const dispatches = lruMemo<Dispatch>(4);
  // The curtailment's lean read of the same files (repositories/curtailment-inputs.ts), by content too.
  const curtailmentFiles = lruMemo<{ book: DispatchBook; dispatch0: Dispatch }>(options.publishedCacheEntries ?? 2);

  const store: DynamoDbLifecycleStore = {
    listDueAuctions: (now, limit) => auctions.listDue(now, limit),
    getAuction: async (auctionId) => (await auctions.getStored(auctionId))?.lifecycle,
    transition: (auctionId, from, to, timestamps) => auctions.transition(auctionId, from, to, timestamps),
    claim: (auctionId, claim) => auctions.claim(auctionId, claim),
    renewLease: (auctionId, lease) => auctions.renewLease(auctionId, lease),
    async readBookInputs(auctionId) {
      const stored = await auctions.getStored(auctionId);
      if (!stored) throw new Error(`auction ${auctionId} not found`);
      return { auction: stored.lifecycle, forecasts: await forecasts.listForecasts(auctionId), bids: await bids.readAllBids(auctionId) } satisfies BookInputs;
    },
    sweepOrphanedBlobs: (olderThan, limit) => sweeper.sweep(olderThan, limit),
    saveBook: (auctionId, inputDigest, bookJson) => blobs.saveBook(auctionId, inputDigest, bookJson),
    saveResult: (auctionId, key, resultJson) => blobs.saveResult(auctionId, key, resultJson),
    publish: (auctionId, p) => auctions.publish(auctionId, p),
    releaseAfterError: (auctionId, owner, reason, at) => auctions.releaseAfterError(auctionId, owner, reason, at),
    markFailed: (auctionId, owner, failure, at) => auctions.markFailed(auctionId, owner, failure, at),
    reopenFailed: (auctionId, at) => auctions.reopenFailed(auctionId, at),
    closeGate: (auctionId, gateClosure, closedAt) => auctions.closeGate(auctionId, new Date(closedAt), { gateClosure, closedAt }),
    restampClosedGate: (auctionId, expected, gateClosure, closedAt) => auctions.restampClosedGate(auctionId, expected, gateClosure, closedAt),

    async readPublicationPointer(auctionId) {
      const stored = await auctions.getStored(auctionId);
      return stored && { auction: stored.lifecycle, dispatchVersion: stored.dispatchVersion };
    },

    readBidderResult: (auctionId, key, bidderId) => blobs.readBidderResult(auctionId, key, bidderId),
    readResultHead: (auctionId, key) => blobs.readResultHead(auctionId, key),

    async readPublishedFile(auctionId, file, window) {
      const stored = await auctions.getStored(auctionId);
      if (!stored) return { kind: 'not-found' };
      const auction = stored.lifecycle;
      const key = publishedKey(auction);
      if (!key) return { kind: 'not-published', status: auction.status };
      const found = await blobs.readFile(auctionId, file, key, window);
      if (!found) throw new Error(`published ${file} of auction ${auctionId} is incomplete`);
      return { kind: 'file', bytes: found.ref.bytes, sha256: found.ref.sha256, data: found.bytes };
    },

    async readPublishedFiles(auctionId) {
      const stored = await auctions.getStored(auctionId);
      if (!stored) return undefined;
      const auction = stored.lifecycle;
      const key = publishedKey(auction);
      if (!key) return { auction };
      const { bookJson, resultJson } = await blobs.readPublished(auctionId, key);
      // Written before the pointer, so missing bytes mean the table was damaged, not a race.
      if (resultJson === undefined || bookJson === undefined) throw new Error(`published files of auction ${auctionId} are incomplete`);
      return { auction, files: { bookJson, resultJson, dispatchVersion: stored.dispatchVersion } };
    },

    async readPublished(auctionId) {
      const stored = await auctions.getStored(auctionId);
      const key = stored && publishedKey(stored.lifecycle);
      if (!stored || !key) return undefined;
      const v = stored.dispatchVersion;
      const [files, dispatch] = await Promise.all([
        parsedFiles.get(`${auctionId}\n${key.inputDigest}\n${key.resultSha256}`, async () => {
          const { bookJson, resultJson } = await blobs.readPublished(auctionId, key);
          // Written before the pointer, so missing bytes mean the table was damaged, not a race.
          if (resultJson === undefined || bookJson === undefined) throw new Error(`published files of auction ${auctionId} are incomplete`);
          return { book: BookSchema.parse(JSON.parse(bookJson)), result: ResultSchema.parse(JSON.parse(resultJson)) };
        }),
        v > 0 ? dispatchAt(auctionId, key, v) : undefined,
      ]);
      return { auction: stored.lifecycle, ...files, dispatch } satisfies PublishedAuction;
    },

    async readCurtailmentInputs(auctionId) {
      const stored = await auctions.getStored(auctionId);
      const key = stored && publishedKey(stored.lifecycle);
      if (!stored || !key) return undefined;
      const v = stored.dispatchVersion;
      const [files, dispatch] = await Promise.all([curtailmentBase(auctionId, key), dispatchAt(auctionId, key, v)]);
      return { auction: stored.lifecycle, book: files.book, dispatch } satisfies CurtailmentInputs;
    },

    async commitCurtailment(record, previous) {
      const committed = await curtailments.commitCurtailment(record, previous);
      // Version v of an auction is committed once, so this process may keep its dispatch.
      if (committed) {
        dispatches.set(`${record.auctionId}\n${record.version}`, record.dispatch);
      }
      return committed;
    },
    publishNotices: (record, outbox) => curtailments.publishNotices(record, outbox),
    readCurtailmentStatus: (auctionId, version) => curtailments.readCurtailmentStatus(auctionId, version),
    listPendingFanOut: (limit) => curtailments.listPendingFanOut(limit),
    async readCurtailmentNotices(auctionId, version) {
      const stored = await curtailments.readStoredCurtailment(auctionId, version);
      if (!stored) return undefined;
      const { dispatch: _whole, dispatchDelta: _delta, notices, ...rest } = stored;
      return { ...rest, notices } satisfies CurtailmentNotices;
    },
    async readCurtailment(auctionId, version) {
      const stored = await curtailments.readStoredCurtailment(auctionId, version);
      if (!stored) return undefined;
      const { dispatch: whole, dispatchDelta: delta, notices, ...rest } = stored;
      let dispatch = whole;
      if (!dispatch && delta) {
        const auction = await auctions.getStored(auctionId);
        const key = auction && publishedKey(auction.lifecycle);
        if (!key) throw new Error(`curtailment ${version} of auction ${auctionId}: the auction has no published result to rebuild its dispatch from`);
        dispatch = applyDispatchDelta(await dispatchAt(auctionId, key, version - 1), delta);
        dispatches.set(`${auctionId}\n${version}`, dispatch);
      }
      if (!dispatch) throw new Error(`curtailment ${version} of auction ${auctionId} has no dispatch`);
      return { ...rest, dispatch, notices } satisfies CurtailmentRecord;
    },
  };
  return store;

  /** The lean book and dispatch version 0 a curtailment starts from (by content: never stale). */
  function curtailmentBase(auctionId: string, key: PublishedKey): Promise<{ book: DispatchBook; dispatch0: Dispatch }> {
    return curtailmentFiles.get(`${auctionId}\n${key.inputDigest}\n${key.resultSha256}`, async () => {
      // The lean base the clear function stored beside the result index (a tenth of the bytes);
      // results indexed before it existed: the book and the result themselves.
      const base = await blobs.readCurtailmentBase(auctionId, key);
      if (base) return { book: base.book, dispatch0: dispatchFromResult(base.book, base.result) };
      const { bookJson, resultJson } = await blobs.readPublished(auctionId, key);
      if (resultJson === undefined || bookJson === undefined) throw new Error(`published files of auction ${auctionId} are incomplete`);
      const book = parseCurtailmentBook(bookJson);
      return { book, dispatch0: dispatchFromResult(book, parseCurtailmentResult(resultJson)) };
    });
  }

  /**
   * Dispatch version v: 0 is the cleared allocation (the curtailment base); v ≥ 1 is its record's
   * dispatch, whole (records stored before issue 9) or version v − 1 with the record's delta.
   * Cached by (auction, version): a committed version never changes.
   */
  function dispatchAt(auctionId: string, key: PublishedKey, v: number): Promise<Dispatch> {
    if (v === 0) return curtailmentBase(auctionId, key).then((f) => f.dispatch0);
    return dispatches.get(`${auctionId}\n${v}`, async () => {
      // From the newest version this process holds (or the base): the records after it, at once.
      let from = v - 1;
      while (from > 0 && !dispatches.has(`${auctionId}\n${from}`)) from--;
      const chain = await curtailments.readDispatchChain(auctionId, from + 1, v);
      const [first, ...rest] = chain;
      if (!first) throw new Error(`curtailment ${v} of auction ${auctionId} is missing`);
      let dispatch = first.kind === 'full' ? first.dispatch : applyDispatchDelta(await dispatchAt(auctionId, key, first.version - 1), first.delta);
      for (const s of rest) dispatch = s.kind === 'full' ? s.dispatch : applyDispatchDelta(dispatch, s.delta);
      return dispatch;
    });
  }
}

// The DynamoDB adapter behind the lifecycle ports (lib/lifecycle/ports.ts): a view over the
// repositories — the auction repository (lease, publication, transitions, gate closes), blob
// storage (books, results), the curtailment repository (commit, fan-out). Conditions are those
// written on the ports; layout in docs/table-design.md § Lifecycle.
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { BookInputs, LifecycleStore, PublishedAuction, PublishedAuctionStore, PublishedFiles } from '../lifecycle/ports';
import type { Clock } from '../kernel/ports';
import type { FanOutStore } from '../lifecycle/repair-fan-out';
import type { MarketStore } from '../market/ports';
import type { AuctionStatus } from '../../schemas/lifecycle';
import { BookSchema } from '../../schemas/book';
import { ResultSchema } from '../../schemas/result';
import { createRepositories, type RepositoryOptions } from './dynamodb-repositories';
import { repositoriesOf } from './dynamodb-store';
import { tableOf } from './table';
import { createBlobSweeper } from './repositories/blob-sweep';

const PUBLISHED: readonly AuctionStatus[] = ['cleared', 'delivering', 'settled'];

export interface LifecycleStoreOptions extends RepositoryOptions {
  /** Stamps store-side times (a transition's default time); defaults to the market store's, else the system clock. */
  clock?: Clock | undefined;
}

export type DynamoDbLifecycleStore = LifecycleStore & PublishedAuctionStore & PublishedFiles & FanOutStore;

/** `market`: when made by createDynamoDbStore, its auction repository (and read cache) is shared. */
export function createDynamoDbLifecycleStore(
  doc: DynamoDBDocumentClient, tableName: string, market?: MarketStore, options: LifecycleStoreOptions = {},
): DynamoDbLifecycleStore {
  const shared = market ? repositoriesOf(market) : undefined;
  const table = tableOf(doc, tableName, options.clock ?? shared?.table.clock);
  const { auctions, forecasts, bids, blobs, curtailments } = createRepositories(table, options, shared ? { auctions: shared.auctions } : {});

  const sweeper = createBlobSweeper(table, auctions);

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
      const c = auction.clearing;
      if (!PUBLISHED.includes(auction.status) || !c?.inputDigest || !c.resultSha256 || c.resultBytes === undefined) return { kind: 'not-published', status: auction.status };
      const found = await blobs.readFile(auctionId, file, { inputDigest: c.inputDigest, resultSha256: c.resultSha256, resultBytes: c.resultBytes }, window);
      if (!found) throw new Error(`published ${file} of auction ${auctionId} is incomplete`);
      return { kind: 'file', bytes: found.ref.bytes, sha256: found.ref.sha256, data: found.bytes };
    },

    async readPublishedFiles(auctionId) {
      const stored = await auctions.getStored(auctionId);
      if (!stored) return undefined;
      const auction = stored.lifecycle;
      const c = auction.clearing;
      if (!PUBLISHED.includes(auction.status) || !c?.inputDigest || !c.resultSha256 || c.resultBytes === undefined) return { auction };
      const { bookJson, resultJson } = await blobs.readPublished(auctionId, { inputDigest: c.inputDigest, resultSha256: c.resultSha256, resultBytes: c.resultBytes });
      // Written before the pointer, so missing bytes mean the table was damaged, not a race.
      if (resultJson === undefined || bookJson === undefined) throw new Error(`published files of auction ${auctionId} are incomplete`);
      return { auction, files: { bookJson, resultJson, dispatchVersion: stored.dispatchVersion } };
    },

    async readPublished(auctionId) {
      const found = await store.readPublishedFiles(auctionId);
      if (!found?.files) return undefined;
      const book = BookSchema.parse(JSON.parse(found.files.bookJson));
      const result = ResultSchema.parse(JSON.parse(found.files.resultJson));
      const v = found.files.dispatchVersion;
      const record = v > 0 ? await curtailments.readCurtailment(auctionId, v) : undefined;
      if (v > 0 && !record) throw new Error(`curtailment ${v} of auction ${auctionId} is missing`);
      return { auction: found.auction, book, result, dispatch: record?.dispatch } satisfies PublishedAuction;
    },

    commitCurtailment: (record) => curtailments.commitCurtailment(record),
    publishNotices: (record, outbox) => curtailments.publishNotices(record, outbox),
    readCurtailmentStatus: (auctionId, version) => curtailments.readCurtailmentStatus(auctionId, version),
    listPendingFanOut: (limit) => curtailments.listPendingFanOut(limit),
    readCurtailment: (auctionId, version) => curtailments.readCurtailment(auctionId, version),
  };
  return store;
}

// Owns the book manifests and the book / result chunk sets. Both are idempotent: the same
// inputDigest always carries the same book bytes, and a result is named by its own sha256.
import { conditionalPut } from '../conditional-write';
import { readBlob, readBlobWindow, writeBlob, type BlobOptions, type BlobRef } from '../blob';
import { readBidderResult, readCurtailmentBase, readResultHead, writeResultIndex } from './result-index';
import type { CurtailmentBase } from './curtailment-inputs';
import { markBlob } from './blob-sweep';
import { lifecycleKeys } from '../keys';
import { bookCodec } from '../items/book-item';
import { getItem, type Table } from '../table';
import type { LifecycleStore, PublishedFiles, ResultKey } from '../../lifecycle/ports';

export interface BlobStorage extends Pick<LifecycleStore, 'saveBook' | 'saveResult'>, Pick<PublishedFiles, 'readBidderResult' | 'readResultHead'> {
  /** A published file's reference and its bytes, all or [start, end); undefined when missing. */
  readFile(auctionId: string, file: 'book' | 'result', c: ResultKey & { resultBytes: number }, window?: { start: number; end: number }): Promise<{ ref: BlobRef; bytes: Uint8Array } | undefined>;
  /** The published book and result bytes behind a clearing pointer; undefined parts are missing. */
  readPublished(auctionId: string, c: { inputDigest: string; resultSha256: string; resultBytes: number }): Promise<{ bookJson?: string | undefined; resultJson?: string | undefined }>;
  /** What a curtailment reads of them, stored beside the result index; undefined for results indexed before it existed. */
  readCurtailmentBase(auctionId: string, key: ResultKey): Promise<CurtailmentBase | undefined>;
}

export function createBlobStorage(table: Table, options: BlobOptions = {}): BlobStorage {
  return {
    async saveBook(auctionId, inputDigest, bookJson) {
      await markBlob(table, lifecycleKeys.bookChunks(auctionId, inputDigest), { kind: 'book', auctionId, inputDigest });
      const ref = await writeBlob(table, lifecycleKeys.bookChunks(auctionId, inputDigest), bookJson, options);
      const out = await conditionalPut(table, {
        Item: bookCodec.encode({ auctionId, inputDigest, ...ref }),
        ConditionExpression: 'attribute_not_exists(pk) OR sha256 = :s', ExpressionAttributeValues: { ':s': ref.sha256 },
      });
      if (!out.ok) throw new Error(`book ${inputDigest} of auction ${auctionId} was stored with other bytes`);
    },
    async saveResult(auctionId, key, resultJson) {
      await markBlob(table, lifecycleKeys.resultChunks(auctionId, key.inputDigest, key.resultSha256), { kind: 'result', auctionId, ...key });
      const ref = await writeBlob(table, lifecycleKeys.resultChunks(auctionId, key.inputDigest, key.resultSha256), resultJson, options);
      if (ref.sha256 !== key.resultSha256) throw new Error('result bytes do not match their sha256');
      // The per-bidder index, from the book saved before the solve (one bidder's result = a few reads).
      const manifest = await getItem(table, lifecycleKeys.book(auctionId, key.inputDigest));
      const bookJson = manifest ? await readBlob(table, lifecycleKeys.bookChunks(auctionId, key.inputDigest), bookCodec.decode(manifest)) : undefined;
      if (bookJson === undefined) throw new Error(`book ${key.inputDigest} of auction ${auctionId} is missing: the result cannot be indexed`);
      await writeResultIndex(table, auctionId, key, resultJson, bookJson, options);
    },
    readBidderResult: (auctionId, key, bidderId) => readBidderResult(table, auctionId, key, bidderId),
    readResultHead: (auctionId, key) => readResultHead(table, auctionId, key),
    readCurtailmentBase: (auctionId, key) => readCurtailmentBase(table, auctionId, key),
    async readFile(auctionId, file, c, window) {
      let pk: string;
      let ref: BlobRef;
      if (file === 'result') {
        pk = lifecycleKeys.resultChunks(auctionId, c.inputDigest, c.resultSha256);
        ref = { bytes: c.resultBytes, sha256: c.resultSha256 };
      } else {
        const manifest = await getItem(table, lifecycleKeys.book(auctionId, c.inputDigest));
        if (!manifest) return undefined;
        pk = lifecycleKeys.bookChunks(auctionId, c.inputDigest);
        ref = bookCodec.decode(manifest);
      }
      if (window) {
        const end = Math.min(window.end, ref.bytes);
        if (window.start >= end) return { ref, bytes: new Uint8Array(0) };
        const bytes = await readBlobWindow(table, pk, ref, window.start, end);
        return bytes && { ref, bytes };
      }
      const text = await readBlob(table, pk, ref);
      return text === undefined ? undefined : { ref, bytes: Buffer.from(text, 'utf8') };
    },
    async readPublished(auctionId, c) {
      // Book and result side by side: on a national auction each is a dozen chunks.
      const [bookJson, resultJson] = await Promise.all([
        getItem(table, lifecycleKeys.book(auctionId, c.inputDigest))
          .then((manifest) => manifest ? readBlob(table, lifecycleKeys.bookChunks(auctionId, c.inputDigest), bookCodec.decode(manifest)) : undefined),
        readBlob(table, lifecycleKeys.resultChunks(auctionId, c.inputDigest, c.resultSha256), { bytes: c.resultBytes, sha256: c.resultSha256 }),
      ]);
      return { bookJson, resultJson };
    },
  };
}

// Owns the book manifests and the book / result chunk sets. Both are idempotent: the same
// inputDigest always carries the same book bytes, and a result is named by its own sha256.
import { conditionalPut } from '../conditional-write';
import { readBlob, writeBlob, type BlobOptions } from '../blob';
import { lifecycleKeys } from '../keys';
import { bookCodec } from '../items/book-item';
import { getItem, type Table } from '../table';
import type { LifecycleStore } from '../../lifecycle/ports';

export interface BlobStorage extends Pick<LifecycleStore, 'saveBook' | 'saveResult'> {
  /** The published book and result bytes behind a clearing pointer; undefined parts are missing. */
  readPublished(auctionId: string, c: { inputDigest: string; resultSha256: string; resultBytes: number }): Promise<{ bookJson?: string | undefined; resultJson?: string | undefined }>;
}

export function createBlobStorage(table: Table, options: BlobOptions = {}): BlobStorage {
  return {
    async saveBook(auctionId, inputDigest, bookJson) {
      const ref = await writeBlob(table, lifecycleKeys.bookChunks(auctionId, inputDigest), bookJson, options);
      const out = await conditionalPut(table, {
        Item: bookCodec.encode({ auctionId, inputDigest, ...ref }),
        ConditionExpression: 'attribute_not_exists(pk) OR sha256 = :s', ExpressionAttributeValues: { ':s': ref.sha256 },
      });
      if (!out.ok) throw new Error(`book ${inputDigest} of auction ${auctionId} was stored with other bytes`);
    },
    async saveResult(auctionId, key, resultJson) {
      const ref = await writeBlob(table, lifecycleKeys.resultChunks(auctionId, key.inputDigest, key.resultSha256), resultJson, options);
      if (ref.sha256 !== key.resultSha256) throw new Error('result bytes do not match their sha256');
    },
    async readPublished(auctionId, c) {
      const manifest = await getItem(table, lifecycleKeys.book(auctionId, c.inputDigest));
      const resultJson = await readBlob(table, lifecycleKeys.resultChunks(auctionId, c.inputDigest, c.resultSha256), { bytes: c.resultBytes, sha256: c.resultSha256 });
      const bookJson = manifest ? await readBlob(table, lifecycleKeys.bookChunks(auctionId, c.inputDigest), bookCodec.decode(manifest)) : undefined;
      return { bookJson, resultJson };
    },
  };
}

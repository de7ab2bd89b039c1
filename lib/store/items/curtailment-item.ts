// Curtailment commit item: the pointer to curtailment v's record bytes (a blob named by its
// sha256). It sits in the sparse "fan-out pending" gsi1 partition until its notices are out.
import { z } from 'zod';
import { CurtailmentRecordSchema } from '../../../schemas/lifecycle';
import { lifecycleKeys } from '../keys';
import { BlobRefSchema, type BlobRef } from './book-item';
import { itemCodec } from './item-codec';

/** `gzip`: the record's JSON is stored gzip-compressed (~10× smaller); absent on records stored plain. */
export const RecordEncodingSchema = z.literal('gzip');

export interface CurtailmentCommit extends BlobRef {
  auctionId: string; version: number; at: string; fannedOut: boolean; encoding?: z.infer<typeof RecordEncodingSchema> | undefined;
  /** The record's dispatch delta alone, gzip (lifecycleKeys.curtailmentDispatch): absent on records stored whole. */
  dispatch?: BlobRef | undefined;
}

export const CurtailmentItemSchema = z.object({
  pk: z.string().startsWith('AUCTION#'),
  sk: z.string().startsWith('CURTAIL#'),
  type: z.literal('curtailment'),
  auctionId: CurtailmentRecordSchema.shape.auctionId,
  version: CurtailmentRecordSchema.shape.version,
  at: CurtailmentRecordSchema.shape.at,
  ...BlobRefSchema.shape,
  gsi1pk: z.string().optional(),
  gsi1sk: z.string().optional(),
  fannedOut: z.boolean().optional(),
  encoding: RecordEncodingSchema.optional(),
  dispatchBytes: BlobRefSchema.shape.bytes.optional(),
  dispatchSha256: BlobRefSchema.shape.sha256.optional(),
});

/** gsi1 sort key of the pending index: commit time, then auction and version. */
export const fanOutSortKey = (c: { at: string; auctionId: string; version: number }) => `${c.at}#${c.auctionId}#${String(c.version).padStart(6, '0')}`;

export const curtailmentCodec = itemCodec<CurtailmentCommit, typeof CurtailmentItemSchema, Omit<CurtailmentCommit, 'fannedOut'>>('curtailment', CurtailmentItemSchema, {
  // Written pending; publishNotices sets fannedOut and leaves the index in place of a rewrite.
  encode: (c) => ({
    ...lifecycleKeys.curtailment(c.auctionId, c.version), type: 'curtailment', auctionId: c.auctionId,
    version: c.version, at: c.at, bytes: c.bytes, sha256: c.sha256, ...(c.encoding ? { encoding: c.encoding } : {}),
    ...(c.dispatch ? { dispatchBytes: c.dispatch.bytes, dispatchSha256: c.dispatch.sha256 } : {}),
    gsi1pk: lifecycleKeys.fanOutPending(), gsi1sk: fanOutSortKey(c),
  }),
  fromItem: (item) => ({
    auctionId: item.auctionId, version: item.version, at: item.at, bytes: item.bytes, sha256: item.sha256, fannedOut: item.fannedOut ?? false,
    ...(item.encoding ? { encoding: item.encoding } : {}),
    ...(item.dispatchBytes !== undefined && item.dispatchSha256 !== undefined ? { dispatch: { bytes: item.dispatchBytes, sha256: item.dispatchSha256 } } : {}),
  }),
});

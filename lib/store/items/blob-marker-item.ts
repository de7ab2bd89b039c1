// A blob's "written, maybe not referenced" marker: put before a blob's chunks are written, in the
// sparse gsi1 partition BLOB#PENDING (sorted by write time), so the sweeper (blob-sweep.ts) finds
// chunk sets that no pointer came to reference — a run that crashed or lost its race.
import { z } from 'zod';
import { itemCodec } from './item-codec';

export const BlobOwnerSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('book'), auctionId: z.string(), inputDigest: z.string() }),
  z.strictObject({ kind: z.literal('result'), auctionId: z.string(), inputDigest: z.string(), resultSha256: z.string() }),
  z.strictObject({ kind: z.literal('curtailment'), auctionId: z.string(), version: z.number().int().min(1), sha256: z.string() }),
]);
export type BlobOwner = z.infer<typeof BlobOwnerSchema>;

export interface BlobMarker { blobPk: string; writtenAt: string; owner: BlobOwner }

export const BLOB_MARKER_SK = 'PENDING';
export const blobsPendingPartition = () => 'BLOB#PENDING';
export const blobMarkerSortKey = (m: Pick<BlobMarker, 'blobPk' | 'writtenAt'>) => `${m.writtenAt}#${m.blobPk}`;

const BlobMarkerItemSchema = z.object({
  pk: z.string(),
  sk: z.literal(BLOB_MARKER_SK),
  type: z.literal('blob-pending'),
  gsi1pk: z.string(),
  gsi1sk: z.string(),
  writtenAt: z.iso.datetime(),
  owner: BlobOwnerSchema,
});

export const blobMarkerCodec = itemCodec<BlobMarker, typeof BlobMarkerItemSchema>('blob-pending', BlobMarkerItemSchema, {
  encode: (m) => ({ pk: m.blobPk, sk: BLOB_MARKER_SK, type: 'blob-pending', gsi1pk: blobsPendingPartition(), gsi1sk: blobMarkerSortKey(m), writtenAt: m.writtenAt, owner: m.owner }),
  fromItem: (item) => ({ blobPk: item.pk, writtenAt: item.writtenAt, owner: item.owner }),
});

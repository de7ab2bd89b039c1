// Book manifest: where a stored book's chunks are and what they must add up to.
import { z } from 'zod';
import { lifecycleKeys } from '../keys';
import { itemCodec } from './item-codec';

export interface BlobRef { bytes: number; sha256: string }

export const BlobRefSchema = z.object({ bytes: z.number().int().min(0), sha256: z.string().regex(/^[0-9a-f]{64}$/) });

export const BookItemSchema = z.object({
  pk: z.string().startsWith('AUCTION#'),
  sk: z.string().startsWith('BOOK#'),
  type: z.literal('book'),
  ...BlobRefSchema.shape,
});

export const bookCodec = itemCodec<BlobRef, typeof BookItemSchema, BlobRef & { auctionId: string; inputDigest: string }>('book', BookItemSchema, {
  encode: (b) => ({ ...lifecycleKeys.book(b.auctionId, b.inputDigest), type: 'book', bytes: b.bytes, sha256: b.sha256 }),
  fromItem: (item) => ({ bytes: item.bytes, sha256: item.sha256 }),
});

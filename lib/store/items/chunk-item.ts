// One binary chunk of a blob (book, result, curtailment record) under the blob's own partition.
import { z } from 'zod';
import { lifecycleKeys } from '../keys';
import { itemCodec } from './item-codec';

export interface ChunkRecord { blobPk: string; index: number; data: Uint8Array }

export const ChunkItemSchema = z.object({
  pk: z.string(),
  sk: z.string().startsWith('CHUNK#'),
  type: z.literal('chunk'),
  data: z.custom<Uint8Array>((value) => value instanceof Uint8Array, 'binary'),
});

export const chunkCodec = itemCodec<Uint8Array, typeof ChunkItemSchema, ChunkRecord>('chunk', ChunkItemSchema, {
  encode: (c) => ({ pk: c.blobPk, sk: lifecycleKeys.chunk(c.index), type: 'chunk', data: c.data }),
  fromItem: (item) => item.data,
});

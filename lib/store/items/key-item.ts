// API key item: the principal it grants and the key's hash, never the key itself.
import { z } from 'zod';
import { PrincipalSchema } from '../../../schemas/api/keys';
import type { KeyRecord } from '../../market/ports';
import { itemKeys } from '../keys';
import { itemCodec } from './item-codec';

export const KeyItemSchema = z.object({
  pk: z.string().startsWith('KEY#'),
  sk: z.string(),
  type: z.literal('key'),
  key: PrincipalSchema.extend({ keyHash: z.string() }),
});

export const keyCodec = itemCodec<KeyRecord, typeof KeyItemSchema>('key', KeyItemSchema, {
  encode: (record) => ({ ...itemKeys.key(record.keyHash), type: 'key', key: record }),
  fromItem: (item) => item.key,
});

// API key item: the principal it grants, the key's hash (never the key itself), when it was
// revoked, and its place in the key list (gsi1: KEYS / keyId).
import { z } from 'zod';
import { PrincipalSchema } from '../../../schemas/api/keys';
import type { KeyRecord } from '../../market/ports';
import { itemKeys } from '../keys';
import { itemCodec } from './item-codec';

export const KeyItemSchema = z.object({
  pk: z.string().startsWith('KEY#'),
  sk: z.string(),
  type: z.literal('key'),
  /** Absent on keys stored before the key list existed: they authenticate but are not listed. */
  gsi1pk: z.string().optional(),
  gsi1sk: z.string().optional(),
  key: PrincipalSchema.extend({ keyHash: z.string(), revokedAt: z.iso.datetime().optional() }),
});

export const keyCodec = itemCodec<KeyRecord, typeof KeyItemSchema>('key', KeyItemSchema, {
  encode: (record) => ({ ...itemKeys.key(record.keyHash), type: 'key', gsi1pk: itemKeys.keyList(), gsi1sk: record.keyId, key: record }),
  fromItem: (item) => item.key,
});

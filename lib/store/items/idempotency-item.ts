// Idempotency record: a pending claim (token + lease) or the first response (done). TTL expiresAt.
import { z } from 'zod';
import type { IdempotencyRecord, StoredResponse } from '../../market/ports';
import { itemKeys } from '../keys';
import { itemCodec } from './item-codec';

const StoredResponseSchema = z.object({ status: z.number().int(), contentType: z.string(), body: z.string() }) satisfies z.ZodType<StoredResponse>;

const common = { pk: z.string().startsWith('IDEM#'), sk: z.string(), type: z.literal('idempotency'), requestHash: z.string(), expiresAt: z.number().optional() };

export const IdempotencyItemSchema = z.discriminatedUnion('state', [
  z.object({ ...common, state: z.literal('pending'), token: z.string(), leaseUntil: z.number() }),
  z.object({ ...common, state: z.literal('done'), response: StoredResponseSchema }),
]);

/** What a claim writes: the record plus the scope key and the TTL. */
export type IdempotencyClaim = Extract<IdempotencyRecord, { state: 'pending' }> & { scopeKey: string; expiresAt: number };

/** Written pending by a claim; completed (done) in place by an update. */
export const idempotencyCodec = itemCodec<IdempotencyRecord, typeof IdempotencyItemSchema, IdempotencyClaim>('idempotency', IdempotencyItemSchema, {
  encode: (c) => ({ ...itemKeys.idempotency(c.scopeKey), type: 'idempotency', state: 'pending', requestHash: c.requestHash, token: c.token, leaseUntil: c.leaseUntil, expiresAt: c.expiresAt }),
  fromItem: (item) => (item.state === 'done'
    ? { state: 'done', requestHash: item.requestHash, response: item.response }
    : { state: 'pending', requestHash: item.requestHash, token: item.token, leaseUntil: item.leaseUntil }),
});

// Outbox entry item: the entry's fields at top level (updates change them in place), the due
// time in ms for conditions, the sparse due index (gsi1) while pending, the lease in ms, TTL.
import { z } from 'zod';
import { OutboxEntrySchema, type OutboxEntry } from '../../../schemas/lifecycle';
import { lifecycleKeys } from '../keys';
import { itemCodec } from './item-codec';

export const OutboxItemSchema = z.object({
  pk: z.string().startsWith('OUTBOX#'),
  sk: z.string(),
  type: z.literal('outbox'),
  ...OutboxEntrySchema.shape,
  nextAttemptAtMs: z.number(),
  leaseUntilMs: z.number().optional(),
  gsi1pk: z.string().optional(),
  gsi1sk: z.string().optional(),
  expiresAt: z.number().optional(),
});

/** gsi1 sort key of the due index. */
export const outboxDueKey = (nextAttemptAt: string, id: string) => `${new Date(nextAttemptAt).toISOString()}#${id}`;

export const outboxCodec = itemCodec<OutboxEntry, typeof OutboxItemSchema>('outbox', OutboxItemSchema, {
  encode: (e) => ({
    ...lifecycleKeys.outbox(e.id), type: 'outbox', ...e, nextAttemptAtMs: Date.parse(e.nextAttemptAt),
    ...(e.status === 'pending' ? { gsi1pk: lifecycleKeys.outboxDue(), gsi1sk: outboxDueKey(e.nextAttemptAt, e.id) } : {}),
  }),
  // The entry's own fields, in the schema's order (the rest is storage bookkeeping).
  fromItem: ({ pk: _pk, sk: _sk, type: _type, nextAttemptAtMs: _n, leaseUntilMs: _l, gsi1pk: _g1, gsi1sk: _g2, expiresAt: _x, ...entry }) => entry,
});

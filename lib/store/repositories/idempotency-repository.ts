// Owns the idempotency records: claim (with take-over of a lapsed lease), completion (also as a
// part of the effect's own transaction), release, read.
import type { IdempotencyCompletion, IdempotencyStore } from '../../market/ports';
import { conditionalDelete, conditionalPut, conditionalUpdate, tx, type TransactItem } from '../conditional-write';
import { itemKeys } from '../keys';
import { idempotencyCodec } from '../items/idempotency-item';
import { getItem, type Table } from '../table';

export interface IdempotencyRepository extends IdempotencyStore {
  /** Transaction item: the completion, for the transaction of the request's effect. */
  completion(completion: IdempotencyCompletion): TransactItem;
}

const completionUpdate = (completion: IdempotencyCompletion, expiresAt?: number) => ({
  Key: itemKeys.idempotency(completion.scopeKey),
  UpdateExpression: `SET #state = :done, #response = :r${expiresAt ? ', expiresAt = :e' : ''} REMOVE #token, leaseUntil`,
  ConditionExpression: '#state = :pending AND #token = :t',
  ExpressionAttributeNames: { '#state': 'state', '#response': 'response', '#token': 'token' },
  ExpressionAttributeValues: { ':done': 'done', ':pending': 'pending', ':r': completion.response, ':t': completion.token, ...(expiresAt ? { ':e': expiresAt } : {}) },
});

export function createIdempotencyRepository(table: Table): IdempotencyRepository {
  const repository: IdempotencyRepository = {
    async claim(scopeKey, requestHash, token, now, leaseUntil, expiresAt) {
      const out = await conditionalPut(table, {
        Item: idempotencyCodec.encode({ scopeKey, state: 'pending', requestHash, token, leaseUntil, expiresAt }),
        // A pending claim whose lease ran out (its holder crashed) may be taken over.
        ConditionExpression: 'attribute_not_exists(pk) OR (#state = :pending AND leaseUntil < :now)',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':pending': 'pending', ':now': now },
      });
      if (out.ok) return { claimed: true };
      // The record that held the claim, as DynamoDB checked it; read only if it did not say.
      const existing = out.old ? idempotencyCodec.decode(out.old) : await repository.get(scopeKey);
      if (!existing) return repository.claim(scopeKey, requestHash, token, now, leaseUntil, expiresAt);
      return { claimed: false, existing };
    },
    async complete(completion, expiresAt) {
      // A failed condition: the effect's transaction completed it already.
      await conditionalUpdate(table, completionUpdate(completion, expiresAt));
    },
    async release(scopeKey, token) {
      await conditionalDelete(table, {
        Key: itemKeys.idempotency(scopeKey), ConditionExpression: '#state = :pending AND #token = :t',
        ExpressionAttributeNames: { '#state': 'state', '#token': 'token' }, ExpressionAttributeValues: { ':pending': 'pending', ':t': token },
      });
    },
    async get(scopeKey) {
      const item = await getItem(table, itemKeys.idempotency(scopeKey));
      return item ? idempotencyCodec.decode(item) : undefined;
    },
    completion: (completion) => tx.update(table, completionUpdate(completion)),
  };
  return repository;
}

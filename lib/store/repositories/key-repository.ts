// Owns the API key items. Reads may be cached for a bounded age (the caller's maxAgeMs); a
// revocation on this instance forgets the cached copy at once.
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { KeyStore, KeyRecord } from '../../market/ports';
import { conditionalPut, conditionalUpdate } from '../conditional-write';
import { decodeCursor, pageCursor } from '../cursor';
import { itemKeys } from '../keys';
import { keyCodec } from '../items/key-item';
import { ReadCache } from '../read-cache';
import { getItem, type Table } from '../table';

export function createKeyRepository(table: Table): KeyStore {
  const cache = new ReadCache<KeyRecord>();
  /** keyId → hash through the key list (gsi1; eventually consistent in AWS: a key created a
   * moment ago may not be found yet — the caller retries). */
  const hashOf = async (keyId: string): Promise<string | undefined> => {
    const out = await table.doc.send(new QueryCommand({
      TableName: table.name, IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :p AND gsi1sk = :k',
      ExpressionAttributeValues: { ':p': itemKeys.keyList(), ':k': keyId },
    }));
    const item = out.Items?.[0];
    return item ? keyCodec.decode(item).keyHash : undefined;
  };
  return {
    async putKey(record) {
      const out = await conditionalPut(table, { Item: keyCodec.encode(record), ConditionExpression: 'attribute_not_exists(pk)' });
      return out.ok;
    },
    async getKeyByHash(keyHash, options) {
      return cache.read(keyHash, options?.maxAgeMs, async () => {
        const item = await getItem(table, itemKeys.key(keyHash));
        return item ? keyCodec.decode(item) : undefined;
      });
    },
    async listKeys(page) {
      const partition = itemKeys.keyList();
      const cursor = decodeCursor(page.cursor, (c) => c.s === undefined && c.k?.gsi1pk === partition);
      const out = await table.doc.send(new QueryCommand({
        TableName: table.name, IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :p', ExpressionAttributeValues: { ':p': partition },
        Limit: page.limit, ExclusiveStartKey: cursor?.k,
      }));
      return { items: (out.Items ?? []).map((item) => keyCodec.decode(item)), nextCursor: pageCursor(out.LastEvaluatedKey) };
    },
    async revokeKey(keyId, revokedAt) {
      const keyHash = await hashOf(keyId);
      if (!keyHash) return 'not-found';
      const out = await conditionalUpdate(table, {
        Key: itemKeys.key(keyHash),
        UpdateExpression: 'SET #key.revokedAt = :at',
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(#key.revokedAt)',
        ExpressionAttributeNames: { '#key': 'key' }, ExpressionAttributeValues: { ':at': revokedAt },
      });
      // After the write, so a read racing the update cannot leave the unrevoked copy cached.
      cache.forget(keyHash);
      if (out.ok) return 'ok';
      // Already revoked: idempotent (the first revokedAt stays). Gone: unknown.
      return out.old ? 'ok' : 'not-found';
    },
  };
}

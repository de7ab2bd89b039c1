// Owns the API key items. Keys are immutable (no revocation yet), so reads may be cached.
import type { KeyStore, KeyRecord } from '../../market/ports';
import { conditionalPut } from '../conditional-write';
import { itemKeys } from '../keys';
import { keyCodec } from '../items/key-item';
import { ReadCache } from '../read-cache';
import { getItem, type Table } from '../table';

export function createKeyRepository(table: Table): KeyStore {
  const cache = new ReadCache<KeyRecord>();
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
  };
}

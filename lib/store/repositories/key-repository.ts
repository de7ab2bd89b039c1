// Owns the API key items (lib/store/items/key-item.ts). Reads may be cached for a bounded age
// (the caller's maxAgeMs); a revocation or rotation on this instance forgets the cached copy at
// once. Rotation is one transaction (key-rotation.ts).
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { KeyStore, KeyRecord } from '../../market/ports';
import { conditionalUpdate, transact, tx } from '../conditional-write';
import { decodeCursor, GSI1_KEY, keyIs, pageCursor } from '../cursor';
import { itemKeys } from '../keys';
import { decodeListedKey, decodeSecretItem, keyIdentityCodec, keySecretCodec, legacyKeyCodec } from '../items/key-item';
import { ReadCache } from '../read-cache';
import { getItem, type Table } from '../table';
import { rotateKeyItems } from './key-rotation';

const KEY = { '#key': 'key' };

export function createKeyRepository(table: Table): KeyStore {
  /** By keyId: identity records. By `KEY#<hash>`: what a secret item says (a keyId or a legacy key). */
  const identities = new ReadCache<KeyRecord>();
  const secrets = new ReadCache<{ keyId: string } | { legacy: KeyRecord }>();

  const readIdentity = async (keyId: string) => {
    const item = await getItem(table, itemKeys.keyIdentity(keyId));
    return item ? keyIdentityCodec.decode(item) : undefined;
  };
  /** A key stored before rotation existed, found through the key list (gsi1; eventually
   * consistent in AWS), then read consistently. */
  const readLegacy = async (keyId: string) => {
    const out = await table.doc.send(new QueryCommand({
      TableName: table.name, IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :p AND gsi1sk = :k',
      ExpressionAttributeValues: { ':p': itemKeys.keyList(), ':k': keyId },
    }));
    const listed = (out.Items ?? []).find((item) => item.type === 'key');
    if (!listed) return undefined;
    const item = await getItem(table, itemKeys.key(legacyKeyCodec.decode(listed).currentHash));
    return item?.type === 'key' ? legacyKeyCodec.decode(item) : undefined;
  };
  const forget = (keyId: string, ...hashes: string[]) => {
    identities.forget(keyId);
    for (const hash of hashes) secrets.forget(hash);
  };

  return {
    async putKey(record, options = {}) {
      const secretCondition = options.adoptLegacy ? 'attribute_not_exists(pk) OR #type = :legacy' : 'attribute_not_exists(pk)';
      const out = await transact(table, [
        tx.put(table, { Item: keyIdentityCodec.encode(record), ConditionExpression: 'attribute_not_exists(pk)' }),
        tx.put(table, {
          Item: keySecretCodec.encode({ keyHash: record.currentHash, keyId: record.keyId }), ConditionExpression: secretCondition,
          ...(options.adoptLegacy ? { ExpressionAttributeNames: { '#type': 'type' }, ExpressionAttributeValues: { ':legacy': 'key' } } : {}),
        }),
      ]);
      if (out.ok) forget(record.keyId, record.currentHash);
      return out.ok;
    },
    async getKeyBySecret(keyHash, options) {
      const found = await secrets.read(keyHash, options?.maxAgeMs, async () => {
        const item = await getItem(table, itemKeys.key(keyHash));
        if (!item) return undefined;
        const decoded = decodeSecretItem(item);
        return 'legacy' in decoded ? decoded : { keyId: decoded.secret.keyId };
      });
      if (!found) return undefined;
      if ('legacy' in found) return found.legacy;
      return identities.read(found.keyId, options?.maxAgeMs, () => readIdentity(found.keyId));
    },
    async getKey(keyId) {
      return (await readIdentity(keyId)) ?? readLegacy(keyId);
    },
    async listKeys(page) {
      const partition = itemKeys.keyList();
      const cursor = decodeCursor(page.cursor, (c) => c.s === undefined && keyIs(c.k, GSI1_KEY, { gsi1pk: partition }));
      const out = await table.doc.send(new QueryCommand({
        TableName: table.name, IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :p', ExpressionAttributeValues: { ':p': partition },
        Limit: page.limit, ExclusiveStartKey: cursor?.k,
      }));
      return { items: (out.Items ?? []).map(decodeListedKey), nextCursor: pageCursor(out.LastEvaluatedKey) };
    },
    async revokeKey(keyId, revokedAt) {
      const revoke = (key: { pk: string; sk: string }) => conditionalUpdate(table, {
        Key: key,
        UpdateExpression: 'SET #key.revokedAt = :at',
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(#key.revokedAt)',
        ExpressionAttributeNames: KEY, ExpressionAttributeValues: { ':at': revokedAt },
      });
      let out = await revoke(itemKeys.keyIdentity(keyId));
      let legacyHash: string | undefined;
      if (!out.ok && !out.old) {
        legacyHash = (await readLegacy(keyId))?.currentHash;
        if (!legacyHash) return 'not-found';
        out = await revoke(itemKeys.key(legacyHash));
      }
      // After the write, so a read racing the update cannot leave the unrevoked copy cached.
      forget(keyId, ...(legacyHash ? [legacyHash] : []));
      // Already revoked: idempotent (the first revokedAt stays).
      return out.ok || out.old ? 'ok' : 'not-found';
    },
    async rotateKey(keyId, expectedHash, rotation) {
      const identity = await readIdentity(keyId);
      const legacy = identity ? undefined : await readLegacy(keyId);
      const from = identity ?? legacy;
      if (!from || from.currentHash !== expectedHash) return 'conflict';
      const out = await transact(table, rotateKeyItems(table, from, rotation, legacy !== undefined));
      forget(keyId, expectedHash, rotation.currentHash);
      return out.ok ? 'ok' : 'conflict';
    },
    async recordUse(keyId, lastUsedAt, minIntervalMs) {
      const now = table.clock.now();
      const stale = new Date(now.getTime() - minIntervalMs).toISOString();
      if (lastUsedAt !== undefined && lastUsedAt >= stale) return undefined;
      const at = now.toISOString();
      const touch = (key: { pk: string; sk: string }, condition: string, values: Record<string, string> = {}) => conditionalUpdate(table, {
        Key: key,
        UpdateExpression: 'SET #key.lastUsedAt = :at',
        ConditionExpression: `${condition} AND (attribute_not_exists(#key.lastUsedAt) OR #key.lastUsedAt < :stale)`,
        ExpressionAttributeNames: { ...KEY, '#type': 'type' },
        ExpressionAttributeValues: { ':at': at, ':stale': stale, ...values },
      });
      let out = await touch(itemKeys.keyIdentity(keyId), '#type = :identity', { ':identity': 'key-identity' });
      if (!out.ok && !out.old) {
        const legacy = await readLegacy(keyId);
        if (!legacy) return undefined;
        out = await touch(itemKeys.key(legacy.currentHash), '#type = :legacy', { ':legacy': 'key' });
        secrets.forget(legacy.currentHash);
      }
      // Either way the cached copy's lastUsedAt is stale now: read it afresh next time, so this
      // instance does not try again within the minute.
      identities.forget(keyId);
      return out.ok ? at : undefined;
    },
  };
}

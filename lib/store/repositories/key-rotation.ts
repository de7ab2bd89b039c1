// The one transaction that replaces a key's secret (POST /v1/keys/{keyId}/rotate, and the
// bootstrap key at start-up): the identity's current hash moves only if it still is the one the
// caller read (two racing rotations: one wins, the other sees a conflict), the new secret's item
// is created (or re-taken, if it was an earlier secret of this same key), and the replaced
// secret's item gets a TTL at the end of its grace. A key stored before rotation existed becomes
// an identity + secret items in the same transaction.
import type { KeyRecord, KeyRotation } from '../../market/ports';
import { tx, type TransactItem } from '../conditional-write';
import { itemKeys } from '../keys';
import { keyIdentityCodec, keySecretCodec } from '../items/key-item';
import type { Table } from '../table';

const epochSeconds = (iso: string) => Math.ceil(Date.parse(iso) / 1000);

export function rotateKeyItems(table: Table, from: KeyRecord, rotation: KeyRotation, legacy: boolean): TransactItem[] {
  const { keyId, currentHash: replaced } = from;
  if (rotation.currentHash === replaced) throw new Error('a rotation needs a new secret');
  const replacedUntil = rotation.retired.find((s) => s.keyHash === replaced)?.validUntil ?? rotation.rotatedAt;
  const replacedSecret = keySecretCodec.encode({ keyHash: replaced, keyId, expiresAt: epochSeconds(replacedUntil) });
  const names = { '#type': 'type' };

  if (legacy) {
    const { revokedAt: _revokedAt, ...rest } = from;
    const { revive: _revive, ...next } = rotation;
    return [
      tx.put(table, { Item: keyIdentityCodec.encode({ ...rest, ...next }), ConditionExpression: 'attribute_not_exists(pk)' }),
      tx.put(table, {
        Item: replacedSecret,
        ConditionExpression: rotation.revive ? '#type = :legacy' : '#type = :legacy AND attribute_not_exists(#key.revokedAt)',
        ExpressionAttributeNames: { ...names, ...(rotation.revive ? {} : { '#key': 'key' }) }, ExpressionAttributeValues: { ':legacy': 'key' },
      }),
      tx.put(table, { Item: keySecretCodec.encode({ keyHash: rotation.currentHash, keyId }), ConditionExpression: 'attribute_not_exists(pk)' }),
    ];
  }

  return [
    tx.update(table, {
      Key: itemKeys.keyIdentity(keyId),
      UpdateExpression: `SET #key.currentHash = :next, #key.retired = :retired, #key.rotatedAt = :at${rotation.revive ? ' REMOVE #key.revokedAt' : ''}`,
      ConditionExpression: `attribute_exists(pk) AND #key.currentHash = :expected${rotation.revive ? '' : ' AND attribute_not_exists(#key.revokedAt)'}`,
      ExpressionAttributeNames: { '#key': 'key' },
      ExpressionAttributeValues: { ':next': rotation.currentHash, ':retired': rotation.retired, ':at': rotation.rotatedAt, ':expected': replaced },
    }),
    tx.put(table, {
      Item: keySecretCodec.encode({ keyHash: rotation.currentHash, keyId }),
      ConditionExpression: 'attribute_not_exists(pk) OR (#type = :secret AND keyId = :id)',
      ExpressionAttributeNames: names, ExpressionAttributeValues: { ':secret': 'key-secret', ':id': keyId },
    }),
    tx.put(table, {
      Item: replacedSecret,
      ConditionExpression: '#type = :secret AND keyId = :id',
      ExpressionAttributeNames: names, ExpressionAttributeValues: { ':secret': 'key-secret', ':id': keyId },
    }),
  ];
}

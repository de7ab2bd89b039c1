// API key items (docs/table-design.md § Keys). A key is one identity item (KEYID#<keyId>: what
// it grants, the hash of its current secret, the replaced secrets still in their grace period,
// revokedAt, lastUsedAt; listed under gsi1 KEYS / keyId) and one secret item per secret
// (KEY#<sha256>: → keyId). A secret is never stored, only its hash. Keys stored before rotation
// existed are one legacy item at KEY#<sha256> holding everything; they still authenticate, are
// listed and revoked, and become an identity + secrets on their first rotation.
import { z } from 'zod';
import { PrincipalSchema } from '../../../schemas/api/keys';
import type { KeyRecord } from '../../market/ports';
import { itemKeys } from '../keys';
import { itemCodec } from './item-codec';

const instant = z.iso.datetime();
const RetiredSecretSchema = z.strictObject({ keyHash: z.string().length(64), validUntil: instant });

export const KeyIdentityItemSchema = z.object({
  pk: z.string().startsWith('KEYID#'),
  sk: z.string(),
  type: z.literal('key-identity'),
  gsi1pk: z.string(),
  gsi1sk: z.string(),
  key: PrincipalSchema.extend({
    currentHash: z.string().length(64),
    retired: z.array(RetiredSecretSchema),
    revokedAt: instant.optional(),
    lastUsedAt: instant.optional(),
    rotatedAt: instant.optional(),
  }),
});

export const keyIdentityCodec = itemCodec<KeyRecord, typeof KeyIdentityItemSchema>('key-identity', KeyIdentityItemSchema, {
  encode: (record) => ({ ...itemKeys.keyIdentity(record.keyId), type: 'key-identity', gsi1pk: itemKeys.keyList(), gsi1sk: record.keyId, key: record }),
  fromItem: (item) => item.key,
});

export interface KeySecret { keyHash: string; keyId: string; /** TTL (epoch seconds) once replaced. */ expiresAt?: number | undefined }

export const KeySecretItemSchema = z.object({
  pk: z.string().startsWith('KEY#'),
  sk: z.string(),
  type: z.literal('key-secret'),
  keyId: z.string(),
  expiresAt: z.number().int().optional(),
});

export const keySecretCodec = itemCodec<KeySecret, typeof KeySecretItemSchema>('key-secret', KeySecretItemSchema, {
  encode: (secret) => ({ ...itemKeys.key(secret.keyHash), type: 'key-secret', keyId: secret.keyId, ...(secret.expiresAt === undefined ? {} : { expiresAt: secret.expiresAt }) }),
  fromItem: (item) => ({ keyHash: item.pk.slice('KEY#'.length), keyId: item.keyId, expiresAt: item.expiresAt }),
});

/** A key stored before rotation existed (read, listed, revoked, touched; replaced on rotation). */
export const LegacyKeyItemSchema = z.object({
  pk: z.string().startsWith('KEY#'),
  sk: z.string(),
  type: z.literal('key'),
  /** Absent on keys stored before the key list existed: they authenticate but are not listed. */
  gsi1pk: z.string().optional(),
  gsi1sk: z.string().optional(),
  key: PrincipalSchema.extend({ keyHash: z.string(), revokedAt: instant.optional(), lastUsedAt: instant.optional() }),
});

export const legacyKeyCodec = itemCodec<KeyRecord, typeof LegacyKeyItemSchema, KeyRecord>('key', LegacyKeyItemSchema, {
  encode: ({ currentHash, retired: _retired, rotatedAt: _rotated, ...rest }) => ({ ...itemKeys.key(currentHash), type: 'key', gsi1pk: itemKeys.keyList(), gsi1sk: rest.keyId, key: { ...rest, keyHash: currentHash } }),
  fromItem: ({ key: { keyHash, ...rest } }) => ({ ...rest, currentHash: keyHash, retired: [] }),
});

/** What a KEY#<hash> item is: a secret of an identity, or a whole legacy key. */
export function decodeSecretItem(item: Record<string, unknown>): { secret: KeySecret } | { legacy: KeyRecord } {
  return item.type === 'key' ? { legacy: legacyKeyCodec.decode(item) } : { secret: keySecretCodec.decode(item) };
}

/** A gsi1 KEYS item: an identity, or a legacy key. */
export function decodeListedKey(item: Record<string, unknown>): KeyRecord {
  return item.type === 'key' ? legacyKeyCodec.decode(item) : keyIdentityCodec.decode(item);
}

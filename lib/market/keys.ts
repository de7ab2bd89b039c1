// API keys: random secrets shown once, stored only as SHA-256 hashes (SPEC §4). Keys can expire
// (expiresAt), be revoked (DELETE /v1/keys/{keyId}) and rotated (key-rotation.ts); each records
// when it was last used. docs/api.md § Keys, docs/security-keys.md.
import { createHash, randomBytes } from 'node:crypto';
import type { CreateKeyRequest, CreatedKey, KeySummary, Me, Principal } from '../../schemas/api/keys';
import type { KeyRecord, MarketDeps, Page, PageRequest } from './ports';
import { invalid, MarketError, notFound } from './errors';

export const OPERATOR_BIDDER_ID = 'operator';
/** The bootstrap operator key's fixed name: its secret follows BROKER_BOOTSTRAP_KEY, and a
 * start-up with another value replaces it with no grace, so the old value is refused at once. */
export const BOOTSTRAP_KEY_ID = 'key_bootstrap';

export function hashKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function generateKey(): string {
  return `sb_${randomBytes(32).toString('base64url')}`;
}

/** Public id of a key: a prefix of its first secret's hash, enough to name it in logs without
 * revealing it. It stays the key's name through every rotation. */
export const keyIdOf = (keyHash: string) => `key_${keyHash.slice(0, 16)}`;

export async function createKey(deps: MarketDeps, request: CreateKeyRequest, secret = generateKey()): Promise<CreatedKey> {
  const keyHash = hashKey(secret);
  const now = deps.clock.now();
  const expiresAt = request.expiresAt === undefined ? undefined : new Date(request.expiresAt);
  if (expiresAt && expiresAt.getTime() <= now.getTime()) throw invalid('expiresAt must be in the future', [{ path: 'expiresAt', message: 'must be after now' }]);
  const common = { keyId: keyIdOf(keyHash), createdAt: now.toISOString(), ...(expiresAt ? { expiresAt: expiresAt.toISOString() } : {}) };
  const principal: Principal = request.role === 'bidder'
    ? { ...common, role: 'bidder', bidderId: request.bidderId, classes: [...request.classes].sort() }
    : { ...common, role: 'operator', bidderId: request.bidderId ?? OPERATOR_BIDDER_ID, classes: [] };
  // A collision of 256 random bits would mean a broken RNG: refuse rather than overwrite.
  if (!(await deps.store.keys.putKey({ ...principal, currentHash: keyHash, retired: [] }))) throw new MarketError('conflict', 'key already exists');
  return { ...principal, key: secret };
}

/** Makes BROKER_BOOTSTRAP_KEY the secret of the bootstrap key, on every start: creates the key,
 * or replaces its secret (no grace, and a revoked bootstrap key comes back: whoever sets the
 * environment holds the operator's key), or does nothing when it already is. Concurrent starts
 * with the same value converge (conditional writes, re-read on conflict). */
export async function seedBootstrapKey(deps: MarketDeps, secret: string): Promise<void> {
  const keyHash = hashKey(secret);
  for (let attempt = 1; attempt <= 5; attempt++) {
    const current = await deps.store.keys.getKey(BOOTSTRAP_KEY_ID);
    const now = deps.clock.now().toISOString();
    if (current?.currentHash === keyHash) return;
    if (current) {
      if ((await deps.store.keys.rotateKey(BOOTSTRAP_KEY_ID, current.currentHash, { currentHash: keyHash, retired: [], rotatedAt: now, revive: true })) === 'ok') return;
      continue;
    }
    // First start after keys could rotate: the same secret seeded earlier as an ordinary key is adopted.
    const earlier = await deps.store.keys.getKeyBySecret(keyHash);
    if (earlier && earlier.role !== 'operator') throw new Error(`BROKER_BOOTSTRAP_KEY is the secret of bidder key ${earlier.keyId}: choose another value`);
    const record: KeyRecord = {
      keyId: BOOTSTRAP_KEY_ID, role: 'operator', bidderId: OPERATOR_BIDDER_ID, classes: [], createdAt: earlier?.createdAt ?? now, currentHash: keyHash, retired: [],
    };
    if (await deps.store.keys.putKey(record, { adoptLegacy: earlier !== undefined })) return;
  }
  throw new Error('could not seed the bootstrap key: it kept changing (another start with another BROKER_BOOTSTRAP_KEY?)');
}

/** How long a warm instance may authenticate from its cached copy of a key, and so the longest
 * a revocation or rotation made on ANOTHER instance can go unnoticed (SPEC §4: "a few
 * seconds"). The instance that revokes or rotates forgets its copy at once. */
export const KEY_MAX_AGE_MS = 5_000;

/** lastUsedAt is written at most once a minute per key (a conditional update), not per request. */
export const LAST_USED_INTERVAL_MS = 60_000;

/** The clock is read only for a key that can expire: authentication of the others costs no reading. */
export const statusOf = (record: KeyRecord, now: () => Date): KeySummary['status'] =>
  record.revokedAt !== undefined ? 'revoked'
    : record.expiresAt !== undefined && Date.parse(record.expiresAt) <= now().getTime() ? 'expired' : 'active';

/** What a key grants, picked field by field (never a hash). */
export const principalOf = (record: KeyRecord): Principal => ({
  keyId: record.keyId, role: record.role, bidderId: record.bidderId, classes: record.classes, createdAt: record.createdAt,
  ...(record.expiresAt !== undefined ? { expiresAt: record.expiresAt } : {}),
});

const useOf = (record: KeyRecord, lastUsedAt = record.lastUsedAt) => ({
  ...(lastUsedAt !== undefined ? { lastUsedAt } : {}),
  ...(record.rotatedAt !== undefined ? { rotatedAt: record.rotatedAt } : {}),
});

export interface Authenticated { principal: Principal; me: Me }

/** What a presented secret grants, or undefined when unknown, revoked, expired, or a replaced
 * secret whose grace has ended. Records the use (at most once a minute); a failure to record it
 * never fails the request. */
export async function authenticate(deps: MarketDeps, secret: string): Promise<Authenticated | undefined> {
  const maxAgeMs = Math.min(deps.keyMaxAgeMs ?? KEY_MAX_AGE_MS, KEY_MAX_AGE_MS);
  const keyHash = hashKey(secret);
  const record = await deps.store.keys.getKeyBySecret(keyHash, { maxAgeMs });
  if (!record || statusOf(record, () => deps.clock.now()) !== 'active') return undefined;
  let secretValidUntil: string | undefined;
  if (record.currentHash !== keyHash) {
    const replaced = record.retired.find((s) => s.keyHash === keyHash);
    if (!replaced || Date.parse(replaced.validUntil) <= deps.clock.now().getTime()) return undefined;
    secretValidUntil = replaced.validUntil;
  }
  let lastUsedAt = record.lastUsedAt;
  try {
    lastUsedAt = (await deps.store.keys.recordUse(record.keyId, record.lastUsedAt, LAST_USED_INTERVAL_MS)) ?? lastUsedAt;
  } catch (error) {
    deps.logError?.('could not record a key use', error);
  }
  const principal = principalOf(record);
  return { principal, me: { ...principal, ...useOf(record, lastUsedAt), ...(secretValidUntil ? { secretValidUntil } : {}) } };
}

export async function listKeys(deps: MarketDeps, page: PageRequest): Promise<Page<KeySummary>> {
  const now = deps.clock.now();
  const result = await deps.store.keys.listKeys(page);
  return {
    items: result.items.map((record) => ({
      ...principalOf(record), ...useOf(record), ...(record.revokedAt ? { revokedAt: record.revokedAt } : {}), status: statusOf(record, () => now),
    })),
    nextCursor: result.nextCursor,
  };
}

/** Idempotent: revoking a revoked key succeeds again (and keeps the first revokedAt). Every
 * secret of the key (current, and replaced ones in their grace) is refused from then on. */
export async function revokeKey(deps: MarketDeps, keyId: string): Promise<void> {
  if ((await deps.store.keys.revokeKey(keyId, deps.clock.now().toISOString())) === 'not-found') throw notFound(`key ${keyId}`);
}

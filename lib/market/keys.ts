// API keys: random secrets shown once, stored only as SHA-256 hashes (SPEC §4). Keys can expire
// (expiresAt) and be revoked (DELETE /v1/keys/{keyId}); docs/api.md § Keys.
import { createHash, randomBytes } from 'node:crypto';
import type { CreateKeyRequest, CreatedKey, KeySummary, Principal } from '../../schemas/api/keys';
import type { KeyRecord, MarketDeps, Page, PageRequest } from './ports';
import { invalid, MarketError, notFound } from './errors';

export const OPERATOR_BIDDER_ID = 'operator';

export function hashKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function generateKey(): string {
  return `sb_${randomBytes(32).toString('base64url')}`;
}

/** Public id of a key: a prefix of its hash, enough to name it in logs without revealing it. */
const keyIdOf = (keyHash: string) => `key_${keyHash.slice(0, 16)}`;

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
  if (!(await deps.store.keys.putKey({ ...principal, keyHash }))) throw new MarketError('conflict', 'key already exists');
  return { ...principal, key: secret };
}

/** Seeds the bootstrap operator key; idempotent (a conditional put), safe on every start. */
export async function seedBootstrapKey(deps: MarketDeps, secret: string): Promise<void> {
  const keyHash = hashKey(secret);
  await deps.store.keys.putKey({ keyId: keyIdOf(keyHash), role: 'operator', bidderId: OPERATOR_BIDDER_ID, classes: [], createdAt: deps.clock.now().toISOString(), keyHash });
}

/** How long a warm instance may authenticate from its cached copy of a key, and so the longest
 * a revocation made on ANOTHER instance can go unnoticed (SPEC §4: "a few seconds"). The
 * instance that revokes forgets its copy at once. */
export const KEY_MAX_AGE_MS = 5_000;

/** The clock is read only for a key that can expire: authentication of the others costs no reading. */
const statusOf = (record: KeyRecord, now: () => Date): KeySummary['status'] =>
  record.revokedAt !== undefined ? 'revoked'
    : record.expiresAt !== undefined && Date.parse(record.expiresAt) <= now().getTime() ? 'expired' : 'active';

const principalOf = ({ keyHash: _hash, revokedAt: _revoked, ...principal }: KeyRecord): Principal => principal;

/** The principal a presented secret grants, or undefined when unknown, revoked or expired. */
export async function authenticate(deps: MarketDeps, secret: string): Promise<Principal | undefined> {
  const maxAgeMs = Math.min(deps.keyMaxAgeMs ?? KEY_MAX_AGE_MS, KEY_MAX_AGE_MS);
  const record = await deps.store.keys.getKeyByHash(hashKey(secret), { maxAgeMs });
  if (!record || statusOf(record, () => deps.clock.now()) !== 'active') return undefined;
  return principalOf(record);
}

export async function listKeys(deps: MarketDeps, page: PageRequest): Promise<Page<KeySummary>> {
  const now = deps.clock.now();
  const result = await deps.store.keys.listKeys(page);
  return {
    items: result.items.map((record) => ({ ...principalOf(record), ...(record.revokedAt ? { revokedAt: record.revokedAt } : {}), status: statusOf(record, () => now) })),
    nextCursor: result.nextCursor,
  };
}

/** Idempotent: revoking a revoked key succeeds again (and keeps the first revokedAt). */
export async function revokeKey(deps: MarketDeps, keyId: string): Promise<void> {
  if ((await deps.store.keys.revokeKey(keyId, deps.clock.now().toISOString())) === 'not-found') throw notFound(`key ${keyId}`);
}

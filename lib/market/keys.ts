// API keys: random secrets shown once, stored only as SHA-256 hashes (SPEC §4).
import { createHash, randomBytes } from 'node:crypto';
import type { CreateKeyRequest, CreatedKey, Principal } from '../../schemas/api/keys';
import type { MarketDeps } from './ports';
import { MarketError } from './errors';

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
  const principal: Principal = request.role === 'bidder'
    ? { keyId: keyIdOf(keyHash), role: 'bidder', bidderId: request.bidderId, classes: [...request.classes].sort(), createdAt: deps.clock.now().toISOString() }
    : { keyId: keyIdOf(keyHash), role: 'operator', bidderId: request.bidderId ?? OPERATOR_BIDDER_ID, classes: [], createdAt: deps.clock.now().toISOString() };
  // A collision of 256 random bits would mean a broken RNG: refuse rather than overwrite.
  if (!(await deps.store.keys.putKey({ ...principal, keyHash }))) throw new MarketError('conflict', 'key already exists');
  return { ...principal, key: secret };
}

/** Seeds the bootstrap operator key; idempotent (a conditional put), safe on every start. */
export async function seedBootstrapKey(deps: MarketDeps, secret: string): Promise<void> {
  const keyHash = hashKey(secret);
  await deps.store.keys.putKey({ keyId: keyIdOf(keyHash), role: 'operator', bidderId: OPERATOR_BIDDER_ID, classes: [], createdAt: deps.clock.now().toISOString(), keyHash });
}

/** Keys never change once created, so a copy up to a minute old is as good as a read. When
 * revocation is added, this age bounds how long a revoked key keeps working on a warm instance. */
const KEY_MAX_AGE_MS = 60_000;

export async function authenticate(deps: MarketDeps, secret: string): Promise<Principal | undefined> {
  const record = await deps.store.keys.getKeyByHash(hashKey(secret), { maxAgeMs: KEY_MAX_AGE_MS });
  if (!record) return undefined;
  const { keyHash: _hash, ...principal } = record;
  return principal;
}

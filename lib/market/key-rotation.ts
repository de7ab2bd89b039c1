// Replacing a key's secret (SPEC §4): POST /v1/keys/{keyId}/rotate gives a new secret, shown
// once, and the old one keeps working for the grace the caller chooses (≤ 24 h).
import type { RotateKeyRequest, RotatedKey, Principal } from '../../schemas/api/keys';
import type { KeyRecord, KeyRotation, MarketDeps, RetiredSecret } from './ports';
import { conflict, notFound } from './errors';
import { BOOTSTRAP_KEY_ID, generateKey, hashKey, principalOf, statusOf } from './keys';

/** Replaced secrets remembered per key (the most recent); older ones are refused. */
export const MAX_REPLACED_SECRETS = 10;
const ATTEMPTS = 3;

/** The key's state after replacing its secret by `nextHash` at `now`: the replaced secret is
 * valid for `graceSeconds`, and no earlier replaced secret outlives it (a rotation with no grace
 * cuts off every old secret — the answer to a leak). */
export function nextRotation(record: KeyRecord, nextHash: string, now: Date, graceSeconds: number): KeyRotation {
  const until = new Date(now.getTime() + graceSeconds * 1000).toISOString();
  const live = (s: RetiredSecret) => s.keyHash !== nextHash && Date.parse(s.validUntil) > now.getTime();
  const retired = [...record.retired, { keyHash: record.currentHash, validUntil: until }]
    .map((s) => (s.validUntil < until ? s : { ...s, validUntil: until }))
    .filter(live)
    .slice(-MAX_REPLACED_SECRETS);
  return { currentHash: nextHash, retired, rotatedAt: now.toISOString() };
}

/** The operator rotates any key; a bidder only its own (another's is not found, as for bids). */
export async function rotateKey(deps: MarketDeps, caller: Principal, keyId: string, request: RotateKeyRequest): Promise<RotatedKey> {
  for (let attempt = 1; ; attempt++) {
    const record = await deps.store.keys.getKey(keyId);
    const mine = record !== undefined && record.role === 'bidder' && record.bidderId === caller.bidderId;
    if (!record || (caller.role !== 'operator' && !mine)) throw notFound(`key ${keyId}`);
    if (keyId === BOOTSTRAP_KEY_ID) throw conflict('the bootstrap key follows BROKER_BOOTSTRAP_KEY: set a new value there and restart to replace it');
    const now = deps.clock.now();
    const status = statusOf(record, () => now);
    if (status !== 'active') throw conflict(`key ${keyId} is ${status}: create a new key instead`);
    const secret = generateKey();
    const rotation = nextRotation(record, hashKey(secret), now, request.gracePeriodSeconds);
    // Conditional on the current hash just read: of two racing rotations one wins; the other
    // reads again and replaces the winner's secret (bounded).
    if ((await deps.store.keys.rotateKey(keyId, record.currentHash, rotation)) === 'ok') {
      const previousKeyValidUntil = rotation.retired.find((s) => s.keyHash === record.currentHash)?.validUntil ?? rotation.rotatedAt;
      return { ...principalOf(record), key: secret, rotatedAt: rotation.rotatedAt, previousKeyValidUntil };
    }
    if (attempt >= ATTEMPTS) throw conflict(`key ${keyId} changed meanwhile; try again`);
  }
}

// OAuth 2 client-credentials access tokens of the VTN (RFC 6749 § 4.4): client id = the API key's
// keyId, client secret = the key. A token is `oadr3.<claims>.<mac>`: base64url JSON claims (keyId,
// expiry, issue time, a fingerprint of the secret it was issued from, a nonce) and an HMAC-SHA256
// over them with a key derived from the broker's session secret, so every instance verifies it
// without a table read for the token itself. It grants what the key grants, and only while the
// secret it came from does: each use re-reads the key record by keyId (a consistent read) and
// refuses the token when the key is revoked or expired, or when its secret is neither the
// current one nor a replaced one still in its rotation grace (docs/openadr.md).
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Principal } from '../../schemas/api/keys';
import { authenticate, hashKey, principalOf, statusOf } from '../market/keys';
import type { KeyRecord, MarketDeps } from '../market/ports';

/** Short-lived: a VEN asks again (openleadr-rs does so when a call answers 401). */
export const TOKEN_LIFETIME_S = 3600;
const PREFIX = 'oadr3';

const ClaimsSchema = z.strictObject({
  /** keyId */
  k: z.string().min(1).max(128),
  /** expiry, epoch seconds */
  e: z.number().int().positive(),
  /** issued at, epoch ms */
  i: z.number().int().positive(),
  /** fingerprint of the secret's hash (keyed, so the token reveals nothing of the hash) */
  s: z.string().regex(/^[A-Za-z0-9_-]{22}$/),
  n: z.string().min(1).max(64),
});
type Claims = z.infer<typeof ClaimsSchema>;

/** Instances' clocks differ a little: a token issued right after a rotation, on an instance whose
 * clock is behind the rotating one's, must not look older than the rotation. */
const CLOCK_SKEW_MS = 60_000;

/** Until when (ms) the secret with fingerprint `s` may back a token, or undefined when it may not:
 * the current secret (since it became current: a bootstrap value set again does not revive the
 * tokens of its earlier spell) or a replaced one whose grace has not ended. */
function secretValidUntilMs(record: KeyRecord, claims: Claims, fingerprint: (keyHash: string) => string): number | undefined {
  if (fingerprint(record.currentHash) === claims.s) {
    return record.rotatedAt !== undefined && claims.i < Date.parse(record.rotatedAt) - CLOCK_SKEW_MS ? undefined : Number.POSITIVE_INFINITY;
  }
  const replaced = record.retired.find((r) => fingerprint(r.keyHash) === claims.s);
  return replaced ? Date.parse(replaced.validUntil) : undefined;
}

export interface TokenIssuer {
  /** The token for a client id and secret, or undefined when they do not name an active key. */
  issue(clientId: string, clientSecret: string): Promise<{ accessToken: string; expiresIn: number; principal: Principal } | undefined>;
  /** The keyId of a genuine unexpired token, without reading the key (a rate limit's bucket: the
   * MAC makes it unforgeable, so nobody can spend another key's requests). */
  keyIdOf(token: string): string | undefined;
  /** The principal a bearer token grants now, or undefined (malformed, forged, expired, key revoked). */
  verify(token: string): Promise<Principal | undefined>;
}

/** `secret`: the broker's session secret (the same on every instance); random per process when absent. */
export function createTokenIssuer(market: MarketDeps, secret: string | Uint8Array | undefined): TokenIssuer {
  // v2: the claims name the secret (v1 tokens, without it, fail the claims schema and the MAC).
  const macKey = createHmac('sha256', secret ?? randomBytes(32)).update('openadr3-access-token/v2').digest();
  const mac = (claims: string) => createHmac('sha256', macKey).update(claims).digest('base64url');
  const fingerprint = (keyHash: string) => createHmac('sha256', macKey).update(`secret:${keyHash}`).digest('base64url').slice(0, 22);

  /** The claims of a token this VTN issued that has not expired (MAC checked; no table read). */
  const claimsOf = (token: string): Claims | undefined => {
    const [prefix, claims, signature, ...rest] = token.split('.');
    if (prefix !== PREFIX || !claims || !signature || rest.length > 0) return undefined;
    const expected = Buffer.from(mac(claims));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    let parsed: Claims;
    try {
      parsed = ClaimsSchema.parse(JSON.parse(Buffer.from(claims, 'base64url').toString('utf8')));
    } catch {
      return undefined;
    }
    return parsed.e * 1000 > market.clock.now().getTime() ? parsed : undefined;
  };

  return {
    async issue(clientId, clientSecret) {
      const authenticated = await authenticate(market, clientSecret);
      if (!authenticated || authenticated.principal.keyId !== clientId) return undefined;
      const nowMs = market.clock.now().getTime();
      // A secret in its rotation grace backs a token only as long as the grace lasts.
      const graceS = authenticated.me.secretValidUntil === undefined ? TOKEN_LIFETIME_S : Math.ceil((Date.parse(authenticated.me.secretValidUntil) - nowMs) / 1000);
      const lifetime = Math.max(1, Math.min(TOKEN_LIFETIME_S, graceS));
      const body: Claims = { k: clientId, e: Math.floor(nowMs / 1000) + lifetime, i: nowMs, s: fingerprint(hashKey(clientSecret)), n: randomBytes(9).toString('base64url') };
      const claims = Buffer.from(JSON.stringify(body)).toString('base64url');
      return { accessToken: `${PREFIX}.${claims}.${mac(claims)}`, expiresIn: lifetime, principal: authenticated.principal };
    },
    keyIdOf(token) {
      return claimsOf(token)?.k;
    },
    async verify(token) {
      const parsed = claimsOf(token);
      if (!parsed) return undefined;
      const nowMs = market.clock.now().getTime();
      const record = await market.store.keys.getKey(parsed.k);
      if (!record || statusOf(record, () => market.clock.now()) !== 'active') return undefined;
      const until = secretValidUntilMs(record, parsed, fingerprint);
      if (until === undefined || until <= nowMs) return undefined;
      return principalOf(record);
    },
  };
}

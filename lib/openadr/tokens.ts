// OAuth 2 client-credentials access tokens of the VTN (RFC 6749 § 4.4): client id = the API key's
// keyId, client secret = the key. A token is `oadr3.<claims>.<mac>`: base64url JSON claims (keyId,
// expiry, a nonce) and an HMAC-SHA256 over them with a key derived from the broker's session
// secret, so every instance verifies it without a table read for the token itself. It grants what
// the key grants, and is refused as soon as the key is no longer active (revoked or expired):
// each use re-reads the key record by keyId (a consistent read), so revocation is immediate.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Principal } from '../../schemas/api/keys';
import { authenticate, principalOf, statusOf } from '../market/keys';
import type { MarketDeps } from '../market/ports';

/** Short-lived: a VEN asks again (openleadr-rs does so when a call answers 401). */
export const TOKEN_LIFETIME_S = 3600;
const PREFIX = 'oadr3';

const ClaimsSchema = z.strictObject({
  k: z.string().min(1).max(128),
  e: z.number().int().positive(),
  n: z.string().min(1).max(64),
});

export interface TokenIssuer {
  /** The token for a client id and secret, or undefined when they do not name an active key. */
  issue(clientId: string, clientSecret: string): Promise<{ accessToken: string; expiresIn: number; principal: Principal } | undefined>;
  /** The principal a bearer token grants now, or undefined (malformed, forged, expired, key revoked). */
  verify(token: string): Promise<Principal | undefined>;
}

/** `secret`: the broker's session secret (the same on every instance); random per process when absent. */
export function createTokenIssuer(market: MarketDeps, secret: string | Uint8Array | undefined): TokenIssuer {
  const macKey = createHmac('sha256', secret ?? randomBytes(32)).update('openadr3-access-token/v1').digest();
  const mac = (claims: string) => createHmac('sha256', macKey).update(claims).digest('base64url');

  return {
    async issue(clientId, clientSecret) {
      const authenticated = await authenticate(market, clientSecret);
      if (!authenticated || authenticated.principal.keyId !== clientId) return undefined;
      const expires = Math.floor(market.clock.now().getTime() / 1000) + TOKEN_LIFETIME_S;
      const claims = Buffer.from(JSON.stringify({ k: clientId, e: expires, n: randomBytes(9).toString('base64url') })).toString('base64url');
      return { accessToken: `${PREFIX}.${claims}.${mac(claims)}`, expiresIn: TOKEN_LIFETIME_S, principal: authenticated.principal };
    },
    async verify(token) {
      const [prefix, claims, signature, ...rest] = token.split('.');
      if (prefix !== PREFIX || !claims || !signature || rest.length > 0) return undefined;
      const expected = Buffer.from(mac(claims));
      const given = Buffer.from(signature);
      if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
      let parsed: z.infer<typeof ClaimsSchema>;
      try {
        parsed = ClaimsSchema.parse(JSON.parse(Buffer.from(claims, 'base64url').toString('utf8')));
      } catch {
        return undefined;
      }
      if (parsed.e * 1000 <= market.clock.now().getTime()) return undefined;
      const record = await market.store.keys.getKey(parsed.k);
      if (!record || statusOf(record, () => market.clock.now()) !== 'active') return undefined;
      return principalOf(record);
    },
  };
}

// OpenADR access tokens follow the state of the key they were issued from (red-team finding 1):
// a token issued from a secret that a rotation replaced works only while that secret's grace
// lasts, and a revoked key's tokens stop at once — through the real app on DynamoDB Local.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientCredentialResponseSchema, OadrProblemSchema } from '../../../lib/openadr/objects';
import { RotatedKeySchema } from '../../../schemas/api/keys';
import { seedBootstrapKey } from '../../../lib/market/keys';
import { createLifecycleHarness, NOW, OPERATOR_KEY, type LifecycleHarness } from '../lifecycle/harness';
import { oadrCall, tokenFor } from './support';

let h: LifecycleHarness;
let call: ReturnType<typeof oadrCall>;
beforeAll(async () => {
  h = await createLifecycleHarness();
  h.clock.set(NOW);
  call = oadrCall(h.app);
});
afterAll(async () => { await h.drop(); });

async function newKey(bidderId: string) {
  const res = await h.call('POST', '/v1/keys', { json: { role: 'bidder', bidderId, classes: ['mining'] } });
  expect(res.status).toBe(201);
  return (await res.json()) as { key: string; keyId: string };
}
async function token(keyId: string, secret: string) {
  const res = await tokenFor(h.app, keyId, secret);
  expect(res.status).toBe(200);
  return ClientCredentialResponseSchema.parse(await res.json());
}
async function rotate(keyId: string, gracePeriodSeconds: number) {
  const res = await h.call('POST', `/v1/keys/${keyId}/rotate`, { json: { gracePeriodSeconds } });
  expect(res.status).toBe(200);
  return RotatedKeySchema.parse(await res.json());
}
/** 200 or the 401 problem with the invalid_token challenge. */
async function vens(accessToken: string): Promise<number> {
  const res = await call('GET', '/openadr3/vens', accessToken);
  if (res.status === 401) {
    expect(res.headers.get('www-authenticate')).toMatch(/error="invalid_token"/);
    expect(OadrProblemSchema.parse(await res.json()).status).toBe(401);
  }
  return res.status;
}

describe('OpenADR tokens and the key\'s state', () => {
  it('a token from a rotated-out secret works within the grace and is refused once it ends', async () => {
    const key = await newKey('rotor-1');
    const before = await token(key.keyId, key.key);
    expect(await vens(before.access_token)).toBe(200);

    const rotated = await rotate(key.keyId, 600);
    expect(await vens(before.access_token)).toBe(200);
    // A token issued from the old secret during its grace lasts no longer than the grace.
    const during = await token(key.keyId, key.key);
    expect(during.expires_in).toBe(600);
    const fresh = await token(key.keyId, rotated.key);
    expect(fresh.expires_in).toBe(3600);

    h.clock.advance(599_000);
    expect(await vens(before.access_token)).toBe(200);
    h.clock.advance(1_000); // the grace ends (validUntil = rotation + 600 s)
    expect(await vens(before.access_token)).toBe(401);
    expect(await vens(during.access_token)).toBe(401);
    expect(await vens(fresh.access_token)).toBe(200);
  });

  it('a rotation with no grace refuses the old secret\'s tokens at once; a second rotation ends every older grace', async () => {
    const key = await newKey('rotor-2');
    const first = await token(key.keyId, key.key);
    const r1 = await rotate(key.keyId, 0);
    expect(await vens(first.access_token)).toBe(401);

    const second = await token(key.keyId, r1.key);
    const r2 = await rotate(key.keyId, 3600);
    const third = await token(key.keyId, r2.key);
    expect(await vens(second.access_token)).toBe(200);
    await rotate(key.keyId, 0); // cuts the grace of r1's secret too
    expect(await vens(second.access_token)).toBe(401);
    expect(await vens(third.access_token)).toBe(401);
  });

  it('a revoked key\'s tokens are refused from the next request on, old secret\'s and new secret\'s alike', async () => {
    const key = await newKey('rotor-3');
    const old = await token(key.keyId, key.key);
    const rotated = await rotate(key.keyId, 3600);
    const fresh = await token(key.keyId, rotated.key);
    expect(await vens(old.access_token)).toBe(200);
    expect(await vens(fresh.access_token)).toBe(200);
    expect((await h.call('DELETE', `/v1/keys/${key.keyId}`)).status).toBe(204);
    expect(await vens(old.access_token)).toBe(401);
    expect(await vens(fresh.access_token)).toBe(401);
    expect((await tokenFor(h.app, key.keyId, rotated.key)).status).toBe(401);
  });

  it('a token names its key and secret: another key\'s id in forged claims does not verify', async () => {
    const a = await newKey('rotor-4');
    const t = await token(a.keyId, a.key);
    const [prefix, claims, mac] = t.access_token.split('.');
    const decoded = JSON.parse(Buffer.from(claims!, 'base64url').toString('utf8')) as Record<string, unknown>;
    const other = await newKey('rotor-5');
    const forged = Buffer.from(JSON.stringify({ ...decoded, k: other.keyId })).toString('base64url');
    expect(await vens(`${prefix}.${forged}.${mac}`)).toBe(401);
    expect(await vens(t.access_token)).toBe(200);
  });

  it('the bootstrap key: a new BROKER_BOOTSTRAP_KEY value refuses the old value\'s tokens, and setting the old value again does not revive them', async () => {
    const earlier = await token('key_bootstrap', OPERATOR_KEY);
    expect((await call('GET', '/openadr3/programs', earlier.access_token)).status).toBe(200);
    await seedBootstrapKey(h.market, 'sb_another_bootstrap_value_for_this_test_0000');
    expect((await call('GET', '/openadr3/programs', earlier.access_token)).status).toBe(401);
    h.clock.advance(120_000);
    await seedBootstrapKey(h.market, OPERATOR_KEY);
    expect((await call('GET', '/openadr3/programs', earlier.access_token)).status).toBe(401);
    const again = await token('key_bootstrap', OPERATOR_KEY);
    expect((await call('GET', '/openadr3/programs', again.access_token)).status).toBe(200);
  });
});

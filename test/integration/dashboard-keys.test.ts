// The dashboard's keys page through the real app on DynamoDB Local (issue 11): the operator
// lists, creates (the secret once, a re-posted form creates nothing), revokes and rotates (with
// grace; its own key moves the session); a bidder sees and rotates only its own key; every post
// needs the session's CSRF token and this origin.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, OPERATOR_KEY, type Harness } from './support/api';
import { MeSchema } from '../../schemas/api/keys';

const ORIGIN = 'http://dash.test';

describe('dashboard keys page', () => {
  let h: Harness;
  beforeAll(async () => { h = await createHarness(); });
  afterAll(async () => { await h.drop(); });

  const page = (path: string, cookie: string) => Promise.resolve(h.app.request(`${ORIGIN}${path}`, { headers: { cookie } }));
  const post = (path: string, cookie: string, fields: Record<string, string | string[]>, origin = ORIGIN) => {
    const body = new URLSearchParams();
    for (const [name, value] of Object.entries(fields)) for (const v of [value].flat()) body.append(name, v);
    return Promise.resolve(h.app.request(`${ORIGIN}${path}`, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded', origin, cookie } }));
  };
  const sessionCookie = (response: Response) => response.headers.getSetCookie().find((c) => c.startsWith('sb_session='))?.split(';')[0];
  const field = (html: string, name: string) => [...html.matchAll(new RegExp(`name="${name}" value="([^"]+)"`, 'g'))].map((m) => m[1]!);

  const signIn = async (key: string) => {
    const form = await h.app.request(`${ORIGIN}/dashboard/sign-in`);
    const csrf = /name="csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
    const signInCookie = form.headers.getSetCookie().find((c) => c.startsWith('sb_signin='))!.split(';')[0]!;
    const signedIn = await post('/dashboard/sign-in', signInCookie, { csrf, key });
    expect(signedIn.status).toBe(303);
    const cookie = sessionCookie(signedIn)!;
    const keys = await page('/dashboard/keys', cookie);
    const html = await keys.text();
    return { cookie, csrf: /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? '', html, status: keys.status };
  };
  const requestIdOf = (html: string) => /name="requestId" value="([^"]+)"/.exec(html)?.[1] ?? '';
  const rowOf = (html: string, keyId: string) => new RegExp(`<tr data-key="${keyId}">(.*?)</tr>`, 's').exec(html)?.[1] ?? '';

  it('lists every key for the operator with role, classes, dates and status, never a secret', async () => {
    const bidderKey = await h.createBidder('page-lister', ['ai', 'mining']);
    const op = await signIn(OPERATOR_KEY);
    expect(op.status).toBe(200);
    expect(op.html).toContain('data-testid="keys-table"');
    expect(op.html).not.toContain(OPERATOR_KEY);
    expect(op.html).not.toContain(bidderKey);
    const me = MeSchema.parse(await (await h.call('GET', '/v1/me', { key: bidderKey })).json());
    const row = rowOf(op.html, me.keyId);
    expect(row).toContain('page-lister');
    expect(row).toContain('ai, mining');
    expect(row).toContain('2026-11-30 12:00');
    expect(row).toContain('>active<');
    // The session's own key is marked and not offered for revocation here.
    expect(rowOf(op.html, 'key_bootstrap')).toContain('this session');
    expect(rowOf(op.html, 'key_bootstrap')).not.toContain('revoke-form');
    expect(field(op.html, 'csrf').length).toBeGreaterThan(0);
  });

  it('creates a key and shows its secret once; the re-posted form creates no second key; bad fields are named', async () => {
    const op = await signIn(OPERATOR_KEY);
    const fields = { csrf: op.csrf, requestId: requestIdOf(op.html), role: 'bidder', bidderId: 'page-made', classes: ['mining'], expiresAt: '2027-06-01T08:30' };
    const created = await post('/dashboard/keys', op.cookie, fields);
    expect(created.status).toBe(200);
    expect(created.headers.get('cache-control')).toBe('no-store');
    const html = await created.text();
    const secret = /data-testid="secret-value">([^<]+)</.exec(html)?.[1] ?? '';
    expect(secret).toMatch(/^sb_/);
    expect(MeSchema.parse(await (await h.call('GET', '/v1/me', { key: secret })).json())).toMatchObject({ bidderId: 'page-made', classes: ['mining'], expiresAt: '2027-06-01T08:30:00.000Z' });
    // Never again: not on the list, not on a re-post of the same form (the same Idempotency-Key).
    expect(await (await page('/dashboard/keys', op.cookie)).text()).not.toContain(secret);
    const again = await post('/dashboard/keys', op.cookie, fields);
    expect(again.status).toBe(409);
    const againHtml = await again.text();
    expect(againHtml).toContain('data-testid="keys-error"');
    expect(againHtml).not.toContain(secret);
    expect((await h.market.store.keys.listKeys({ limit: 100 })).items.filter((k) => k.bidderId === 'page-made')).toHaveLength(1);
    const noClasses = await post('/dashboard/keys', op.cookie, { ...fields, requestId: requestIdOf(op.html) + 'x', classes: [] });
    expect(noClasses.status).toBe(400);
    expect(await noClasses.text()).toContain('classes');
  });

  it('revokes a key (303 back to the list, then revoked there and refused by the API); refuses a forged token or another origin', async () => {
    const key = await h.createBidder('page-revoked', ['ai']);
    const keyId = MeSchema.parse(await (await h.call('GET', '/v1/me', { key })).json()).keyId;
    const op = await signIn(OPERATOR_KEY);
    expect((await post(`/dashboard/keys/${keyId}/revoke`, op.cookie, { csrf: 'forged-token-0123456789' })).status).toBe(403);
    expect((await post(`/dashboard/keys/${keyId}/revoke`, op.cookie, { csrf: op.csrf }, 'http://evil.example')).status).toBe(403);
    expect((await h.call('GET', '/v1/me', { key })).status).toBe(200);
    const revoked = await post(`/dashboard/keys/${keyId}/revoke`, op.cookie, { csrf: op.csrf });
    expect(revoked.status).toBe(303);
    expect(revoked.headers.get('location')).toBe(`/dashboard/keys?revoked=${keyId}`);
    const list = await (await page(revoked.headers.get('location')!, op.cookie)).text();
    expect(list).toContain('data-testid="keys-message"');
    expect(rowOf(list, keyId)).toContain('>revoked<');
    expect(rowOf(list, keyId)).not.toContain('revoke-form');
    expect((await h.call('GET', '/v1/me', { key })).status).toBe(401);
    expect((await post('/dashboard/keys/key_does_not_exist/revoke', op.cookie, { csrf: op.csrf })).status).toBe(404);
  });

  it('rotates a key with grace: the new secret once, the old one still works until the time shown', async () => {
    const key = await h.createBidder('page-rotated', ['mining']);
    const keyId = MeSchema.parse(await (await h.call('GET', '/v1/me', { key })).json()).keyId;
    const op = await signIn(OPERATOR_KEY);
    const rotated = await post(`/dashboard/keys/${keyId}/rotate`, op.cookie, { csrf: op.csrf, requestId: requestIdOf(op.html), gracePeriodSeconds: '3600' });
    expect(rotated.status).toBe(200);
    const html = await rotated.text();
    const secret = /data-testid="secret-value">([^<]+)</.exec(html)?.[1] ?? '';
    expect(html).toContain('2026-11-30 13:00 UTC');
    expect(MeSchema.parse(await (await h.call('GET', '/v1/me', { key: secret })).json()).keyId).toBe(keyId);
    expect(MeSchema.parse(await (await h.call('GET', '/v1/me', { key })).json()).secretValidUntil).toBe('2026-11-30T13:00:00.000Z');
    expect((await post(`/dashboard/keys/${keyId}/rotate`, op.cookie, { csrf: op.csrf, requestId: requestIdOf(op.html) + 'y', gracePeriodSeconds: '99' })).status).toBe(400);
  });

  it('shows a bidder its own key only; it rotates it without grace and stays signed in with the new secret', async () => {
    const other = await h.createBidder('page-other', ['ai']);
    const key = await h.createBidder('page-bidder', ['ai']);
    const keyId = MeSchema.parse(await (await h.call('GET', '/v1/me', { key })).json()).keyId;
    const bidder = await signIn(key);
    expect(bidder.status).toBe(200);
    expect(bidder.html).toContain(`data-key="${keyId}"`);
    expect(bidder.html).not.toContain('page-other');
    expect(bidder.html).not.toContain('create-key-form');
    expect(bidder.html).not.toContain('revoke-form');
    expect((await post('/dashboard/keys', bidder.cookie, { csrf: bidder.csrf, requestId: requestIdOf(bidder.html), role: 'bidder', bidderId: 'x', classes: ['ai'], expiresAt: '' })).status).toBe(403);
    const otherId = MeSchema.parse(await (await h.call('GET', '/v1/me', { key: other })).json()).keyId;
    expect((await post(`/dashboard/keys/${otherId}/rotate`, bidder.cookie, { csrf: bidder.csrf, requestId: requestIdOf(bidder.html), gracePeriodSeconds: '0' })).status).toBe(404);
    const rotated = await post(`/dashboard/keys/${keyId}/rotate`, bidder.cookie, { csrf: bidder.csrf, requestId: requestIdOf(bidder.html) + 'z', gracePeriodSeconds: '0' });
    expect(rotated.status).toBe(200);
    expect((await h.call('GET', '/v1/me', { key })).status).toBe(401);
    const moved = sessionCookie(rotated)!;
    expect(moved).toBeDefined();
    expect((await page('/dashboard/keys', moved)).status).toBe(200);
  });
});

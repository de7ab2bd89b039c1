// Key lifecycle (SPEC §4 Keys): list without secrets, revoke (this instance at once, another
// within its cache age), expiry.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, NOW, OPERATOR_KEY, type Harness } from './support/api';
import { ProblemSchema } from '../../schemas/api/common';
import { CreatedKeySchema, KeyPageSchema, MeSchema } from '../../schemas/api/keys';
import { loadConfig } from '../../lib/config';
import { createApiRuntime } from '../../lib/composition/api';
import { appCaller } from '../support/app-caller';

describe('keys', () => {
  let h: Harness;
  beforeAll(async () => { h = await createHarness(); });
  afterAll(async () => { await h.drop(); });

  const create = async (json: Record<string, unknown>) => {
    const res = await h.call('POST', '/v1/keys', { json });
    expect(res.status).toBe(201);
    return CreatedKeySchema.parse(await res.json());
  };
  const me = (key: string) => h.call('GET', '/v1/me', { key });
  const listAll = async () => {
    const items = [];
    let cursor: string | undefined;
    do {
      const res = await h.call('GET', `/v1/keys?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      const page = KeyPageSchema.parse(await res.json());
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return items;
  };

  it('lists keys for the operator, paginated, never a secret or hash; 403 for a bidder', async () => {
    const created = await create({ role: 'bidder', bidderId: 'lister-1', classes: ['ai'] });
    const res = await h.call('GET', '/v1/keys');
    const text = await res.text();
    expect(text).not.toContain(created.key);
    expect(text).not.toContain(OPERATOR_KEY);
    expect(text).not.toMatch(/keyHash|[0-9a-f]{64}/);
    const items = await listAll();
    expect(items.find((k) => k.keyId === created.keyId)).toMatchObject({ role: 'bidder', bidderId: 'lister-1', classes: ['ai'], status: 'active' });
    expect(new Set(items.map((k) => k.keyId)).size).toBe(items.length);
    expect((await h.call('GET', '/v1/keys', { key: created.key })).status).toBe(403);
    expect((await h.call('GET', '/v1/keys?cursor=bogus')).status).toBe(400);
  });

  it('revokes: 401 on the next request, listed as revoked, idempotent, 404 for unknown', async () => {
    const created = await create({ role: 'bidder', bidderId: 'revoked-1', classes: ['mining'] });
    expect((await me(created.key)).status).toBe(200); // now cached on this instance
    expect((await h.call('DELETE', `/v1/keys/${created.keyId}`)).status).toBe(204);
    const refused = await me(created.key);
    expect(refused.status).toBe(401);
    expect(ProblemSchema.parse(await refused.json()).status).toBe(401);
    expect((await h.call('DELETE', `/v1/keys/${created.keyId}`)).status).toBe(204);
    expect((await listAll()).find((k) => k.keyId === created.keyId)).toMatchObject({ status: 'revoked', revokedAt: NOW });
    expect((await h.call('DELETE', '/v1/keys/key_0000000000000000')).status).toBe(404);
    const bad = await h.call('DELETE', '/v1/keys/no%20spaces');
    expect(bad.status).toBe(400);
    expect(ProblemSchema.parse(await bad.json()).errors?.[0]?.path).toBe('keyId');
    expect((await h.call('DELETE', `/v1/keys/${created.keyId}`, { key: created.key })).status).toBe(401);
  });

  it('a revocation reaches another instance within its key cache age', async () => {
    const config = loadConfig({ TABLE_NAME: h.table.tableName, DYNAMODB_ENDPOINT: h.table.endpoint, AWS_REGION: 'local' });
    const other = createApiRuntime(config, { doc: h.table.doc, clock: h.clock, keyMaxAgeMs: 100 });
    const callOther = appCaller(other.app, OPERATOR_KEY);
    const created = await create({ role: 'bidder', bidderId: 'revoked-2', classes: ['mining'] });
    expect((await callOther('GET', '/v1/me', { key: created.key })).status).toBe(200);
    expect((await h.call('DELETE', `/v1/keys/${created.keyId}`)).status).toBe(204);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect((await callOther('GET', '/v1/me', { key: created.key })).status).toBe(401);
  });

  it('expiresAt: in /v1/me, 401 once passed, listed as expired; refused in the past or past 2100', async () => {
    const expiresAt = new Date(Date.parse(NOW) + 3600_000).toISOString();
    const created = await create({ role: 'bidder', bidderId: 'expiring-1', classes: ['ai'], expiresAt: expiresAt.replace('Z', '+00:00') });
    expect(created.expiresAt).toBe(expiresAt);
    const res = await me(created.key);
    expect(MeSchema.parse(await res.json())).toMatchObject({ keyId: created.keyId, role: 'bidder', bidderId: 'expiring-1', classes: ['ai'], expiresAt });
    h.clock.advance(3600_000);
    try {
      expect((await me(created.key)).status).toBe(401);
      expect((await listAll()).find((k) => k.keyId === created.keyId)?.status).toBe('expired');
    } finally {
      h.clock.set(NOW);
    }
    const past = await h.call('POST', '/v1/keys', { json: { role: 'operator', expiresAt: '2026-01-01T00:00:00Z' } });
    expect(past.status).toBe(422);
    expect(ProblemSchema.parse(await past.json()).errors?.[0]?.path).toBe('expiresAt');
    const far = await h.call('POST', '/v1/keys', { json: { role: 'operator', expiresAt: '2101-01-01T00:00:00Z' } });
    expect(far.status).toBe(400);
    expect(ProblemSchema.parse(await far.json()).errors?.[0]?.path).toBe('expiresAt');
  });
});

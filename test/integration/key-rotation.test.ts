// Key rotation (SPEC §4, issue 13 finding 3) through the real app on DynamoDB Local: a new
// secret shown once, the old one working until its grace ends and refused after, revocation
// cutting off both, owner and operator permissions, racing rotations, other instances, and a
// key stored before rotation existed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { createHarness, NOW, OPERATOR_KEY, type Harness } from './support/api';
import { ProblemSchema } from '../../schemas/api/common';
import { CreatedKeySchema, KeyPageSchema, MeSchema, RotatedKeySchema, type KeySummary } from '../../schemas/api/keys';
import { loadConfig } from '../../lib/config';
import { createApiRuntime } from '../../lib/composition/api';
import { hashKey, keyIdOf } from '../../lib/market/keys';
import { legacyKeyCodec } from '../../lib/store/items/key-item';
import { appCaller } from '../support/app-caller';

describe('key rotation', () => {
  let h: Harness;
  beforeAll(async () => { h = await createHarness(); });
  afterAll(async () => { await h.drop(); });

  const create = async (json: Record<string, unknown>) => {
    const res = await h.call('POST', '/v1/keys', { json });
    expect(res.status).toBe(201);
    return CreatedKeySchema.parse(await res.json());
  };
  const bidder = (bidderId: string) => create({ role: 'bidder', bidderId, classes: ['mining'] });
  const rotate = (keyId: string, json?: unknown, key?: string) => h.call('POST', `/v1/keys/${keyId}/rotate`, { ...(json === undefined ? {} : { json }), ...(key ? { key } : {}) });
  const rotated = async (keyId: string, json?: unknown, key?: string) => {
    const res = await rotate(keyId, json, key);
    expect(res.status).toBe(200);
    return RotatedKeySchema.parse(await res.json());
  };
  const status = async (key: string) => (await h.call('GET', '/v1/me', { key })).status;
  const listed = async (keyId: string): Promise<KeySummary[]> => {
    const items: KeySummary[] = [];
    let cursor: string | undefined;
    do {
      const page = KeyPageSchema.parse(await (await h.call('GET', `/v1/keys?limit=100${cursor ? `&cursor=${cursor}` : ''}`)).json());
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return items.filter((k) => k.keyId === keyId);
  };

  it('gives a new secret once; the old one works until the grace ends, then is refused', async () => {
    const key = await bidder('rotor-1');
    expect(await status(key.key)).toBe(200); // cached on this instance
    const next = await rotated(key.keyId, { gracePeriodSeconds: 3600 });
    const graceEnd = new Date(Date.parse(NOW) + 3600_000).toISOString();
    expect(next).toMatchObject({ keyId: key.keyId, role: 'bidder', bidderId: 'rotor-1', classes: ['mining'], rotatedAt: NOW, previousKeyValidUntil: graceEnd });
    expect(next.key).not.toBe(key.key);
    const oldMe = MeSchema.parse(await (await h.call('GET', '/v1/me', { key: key.key })).json());
    expect(oldMe).toMatchObject({ keyId: key.keyId, secretValidUntil: graceEnd, rotatedAt: NOW });
    const newMe = MeSchema.parse(await (await h.call('GET', '/v1/me', { key: next.key })).json());
    expect(newMe.secretValidUntil).toBeUndefined();
    expect(await listed(key.keyId)).toEqual([expect.objectContaining({ status: 'active', rotatedAt: NOW })]);
    expect(JSON.stringify(await h.scan())).not.toContain(next.key);
    h.clock.advance(3600_000 - 1);
    try {
      expect(await status(key.key)).toBe(200);
      h.clock.advance(1);
      expect(await status(key.key)).toBe(401);
      expect(await status(next.key)).toBe(200);
    } finally {
      h.clock.set(NOW);
    }
  });

  it('with no grace (the default) the old secret is refused at once, and every older one too', async () => {
    const key = await bidder('rotor-2');
    const second = await rotated(key.keyId, { gracePeriodSeconds: 86_400 });
    expect(await status(key.key)).toBe(200);
    const third = await rotated(key.keyId);
    expect(third.previousKeyValidUntil).toBe(NOW);
    expect(await status(key.key)).toBe(401);
    expect(await status(second.key)).toBe(401);
    expect(await status(third.key)).toBe(200);
  });

  it('revoking a rotated key cuts off the new secret and the old one in its grace', async () => {
    const key = await bidder('rotor-3');
    const next = await rotated(key.keyId, { gracePeriodSeconds: 600 });
    expect(await status(key.key)).toBe(200);
    expect(await status(next.key)).toBe(200);
    expect((await h.call('DELETE', `/v1/keys/${key.keyId}`)).status).toBe(204);
    expect(await status(key.key)).toBe(401);
    expect(await status(next.key)).toBe(401);
    const again = await rotate(key.keyId);
    expect(again.status).toBe(409);
    expect(ProblemSchema.parse(await again.json()).detail).toMatch(/revoked/);
  });

  it('a bidder rotates its own key only; bad input is a 400 with the field path', async () => {
    const mine = await bidder('rotor-4');
    const theirs = await bidder('rotor-5');
    const own = await rotated(mine.keyId, { gracePeriodSeconds: 60 }, mine.key);
    expect(await status(own.key)).toBe(200);
    expect((await rotate(theirs.keyId, {}, own.key)).status).toBe(404);
    expect((await rotate('key_bootstrap', {}, own.key)).status).toBe(404);
    expect((await rotate('key_0000000000000000')).status).toBe(404);
    expect((await rotate('key_bootstrap')).status).toBe(409);
    for (const body of [{ gracePeriodSeconds: 86_401 }, { gracePeriodSeconds: -1 }, { gracePeriodSeconds: 1.5 }, { grace: 1 }]) {
      const res = await rotate(mine.keyId, body, own.key);
      expect(res.status).toBe(400);
      const problem = ProblemSchema.parse(await res.json());
      expect(problem.errors?.[0]?.path ?? '').toMatch(/^(gracePeriodSeconds|grace)$/);
    }
    expect(await status(own.key)).toBe(200);
  });

  it('an Idempotency-Key retry does not rotate again and never replays the secret', async () => {
    const key = await bidder('rotor-6');
    const send = () => h.call('POST', `/v1/keys/${key.keyId}/rotate`, { json: { gracePeriodSeconds: 0 }, headers: { 'idempotency-key': 'rotate-1' } });
    const first = await send();
    expect(first.status).toBe(200);
    const { key: secret } = RotatedKeySchema.parse(await first.json());
    const retry = await send();
    expect(retry.status).toBe(409);
    expect(await retry.text()).not.toContain(secret);
    expect(await status(secret)).toBe(200);
  });

  it('racing rotations: each answers 200 or 409, and exactly one new secret is left working', async () => {
    const key = await bidder('rotor-7');
    const responses = await Promise.all(Array.from({ length: 6 }, () => rotate(key.keyId)));
    const secrets: string[] = [];
    for (const res of responses) {
      expect([200, 409]).toContain(res.status);
      if (res.status === 200) secrets.push(RotatedKeySchema.parse(await res.json()).key);
    }
    expect(secrets.length).toBeGreaterThan(0);
    const working = [];
    for (const secret of [key.key, ...secrets]) if ((await status(secret)) === 200) working.push(secret);
    expect(working).toHaveLength(1);
    expect(secrets).toContain(working[0]);
  });

  it('a rotation reaches another instance within its key cache age', async () => {
    const config = loadConfig({ TABLE_NAME: h.table.tableName, DYNAMODB_ENDPOINT: h.table.endpoint, AWS_REGION: 'local' });
    const other = appCaller(createApiRuntime(config, { doc: h.table.doc, clock: h.clock, keyMaxAgeMs: 100 }).app, OPERATOR_KEY);
    const key = await bidder('rotor-8');
    expect((await other('GET', '/v1/me', { key: key.key })).status).toBe(200);
    const next = await rotated(key.keyId);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect((await other('GET', '/v1/me', { key: key.key })).status).toBe(401);
    expect((await other('GET', '/v1/me', { key: next.key })).status).toBe(200);
  });

  it('a key stored before rotation existed authenticates, is listed, and becomes rotatable', async () => {
    const secret = 'sb_legacy_bidder_key_0123456789';
    const keyHash = hashKey(secret);
    const keyId = keyIdOf(keyHash);
    const record = { keyId, role: 'bidder' as const, bidderId: 'legacy-1', classes: ['ai' as const], createdAt: NOW, currentHash: keyHash, retired: [] };
    await h.table.doc.send(new PutCommand({ TableName: h.table.tableName, Item: legacyKeyCodec.encode(record) }));
    expect(await status(secret)).toBe(200);
    expect(await listed(keyId)).toEqual([expect.objectContaining({ status: 'active', bidderId: 'legacy-1', lastUsedAt: NOW })]);
    const next = await rotated(keyId, { gracePeriodSeconds: 60 });
    expect(await status(secret)).toBe(200);
    expect(await status(next.key)).toBe(200);
    expect(await listed(keyId)).toEqual([expect.objectContaining({ status: 'active', rotatedAt: NOW, lastUsedAt: NOW })]);
    expect((await h.call('DELETE', `/v1/keys/${keyId}`)).status).toBe(204);
    expect(await status(secret)).toBe(401);
    expect(await status(next.key)).toBe(401);
  });
});

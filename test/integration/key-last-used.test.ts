// lastUsedAt (issue 13 finding 3): recorded on a key's use at most once a minute (a conditional
// update), shown in GET /v1/keys and GET /v1/me; a failure to record it never fails the request.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createHarness, NOW, OPERATOR_KEY, type Harness } from './support/api';
import { CreatedKeySchema, KeyPageSchema, MeSchema } from '../../schemas/api/keys';
import { loadConfig } from '../../lib/config';
import { createApiRuntime } from '../../lib/composition/api';
import { appCaller } from '../support/app-caller';

/** The real client, except that every write of lastUsedAt fails (a throttled or failing table). */
function failingUseWrites(doc: DynamoDBDocumentClient): DynamoDBDocumentClient {
  const send = async (command: { constructor: { name: string }; input: { UpdateExpression?: string } }) => {
    if (command.constructor.name === 'UpdateCommand' && command.input.UpdateExpression?.includes('lastUsedAt')) throw new Error('injected: table unavailable');
    return doc.send(command as never);
  };
  return new Proxy(doc, { get: (target, prop, receiver) => (prop === 'send' ? send : Reflect.get(target, prop, receiver)) });
}

describe('lastUsedAt', () => {
  let h: Harness;
  beforeAll(async () => { h = await createHarness(); });
  afterAll(async () => { await h.drop(); });

  const at = (ms: number) => new Date(Date.parse(NOW) + ms).toISOString();
  const listedLastUse = async (keyId: string) => KeyPageSchema.parse(await (await h.call('GET', '/v1/keys?limit=100')).json()).items.find((k) => k.keyId === keyId)?.lastUsedAt;
  const meLastUse = async (key: string) => MeSchema.parse(await (await h.call('GET', '/v1/me', { key })).json()).lastUsedAt;

  it('is absent until the first use, then written at most once a minute', async () => {
    const created = CreatedKeySchema.parse(await (await h.call('POST', '/v1/keys', { json: { role: 'bidder', bidderId: 'user-1', classes: ['ai'] } })).json());
    expect(await listedLastUse(created.keyId)).toBeUndefined();
    try {
      expect(await meLastUse(created.key)).toBe(NOW);
      expect(await listedLastUse(created.keyId)).toBe(NOW);
      h.clock.advance(30_000);
      expect(await meLastUse(created.key)).toBe(NOW);
      expect(await listedLastUse(created.keyId)).toBe(NOW);
      h.clock.advance(31_000);
      expect(await meLastUse(created.key)).toBe(at(61_000));
      expect(await listedLastUse(created.keyId)).toBe(at(61_000));
    } finally {
      h.clock.set(NOW);
    }
  });

  it('many concurrent requests with one key write it once', async () => {
    const created = CreatedKeySchema.parse(await (await h.call('POST', '/v1/keys', { json: { role: 'bidder', bidderId: 'user-2', classes: ['ai'] } })).json());
    const writes: string[] = [];
    const counting = new Proxy(h.table.doc, {
      get: (target, prop, receiver) => (prop === 'send'
        ? (command: { constructor: { name: string }; input: { UpdateExpression?: string } }) => {
          if (command.input.UpdateExpression?.includes('lastUsedAt')) writes.push(command.constructor.name);
          return target.send(command as never);
        }
        : Reflect.get(target, prop, receiver)),
    });
    const config = loadConfig({ TABLE_NAME: h.table.tableName, DYNAMODB_ENDPOINT: h.table.endpoint, AWS_REGION: 'local' });
    const call = appCaller(createApiRuntime(config, { doc: counting, clock: h.clock }).app, created.key);
    const responses = await Promise.all(Array.from({ length: 20 }, () => call('GET', '/v1/me')));
    expect(responses.every((r) => r.status === 200)).toBe(true);
    expect((await Promise.all(Array.from({ length: 20 }, () => call('GET', '/v1/me')))).every((r) => r.status === 200)).toBe(true);
    // Each request that found no lastUsedAt tried once (a conditional update: one succeeds); once
    // a copy with it is read, no more writes.
    const before = writes.length;
    expect(before).toBeGreaterThan(0);
    await call('GET', '/v1/me');
    await call('GET', '/v1/me');
    expect(writes.length).toBe(before);
    expect(await listedLastUse(created.keyId)).toBe(NOW);
  });

  it('a failure to record the use does not fail the request', async () => {
    const config = loadConfig({ TABLE_NAME: h.table.tableName, DYNAMODB_ENDPOINT: h.table.endpoint, AWS_REGION: 'local' });
    const errors: string[] = [];
    const runtime = createApiRuntime(config, { doc: failingUseWrites(h.table.doc), clock: h.clock, logError: (message) => errors.push(message) });
    const call = appCaller(runtime.app, OPERATOR_KEY);
    h.clock.advance(600_000);
    try {
      const res = await call('GET', '/v1/keys');
      expect(res.status).toBe(200);
      expect(errors).toContain('could not record a key use');
    } finally {
      h.clock.set(NOW);
    }
  });
});

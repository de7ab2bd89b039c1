// A changed BROKER_BOOTSTRAP_KEY retires the old bootstrap key (issue 13 finding 3): the real
// composition root started on one DynamoDB Local table with key A, then with key B.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { createTestTable, type TestTable } from '../support/dynamodb';
import { manualClock } from '../support/manual-ports';
import { loadConfig } from '../../lib/config';
import { createApiRuntime } from '../../lib/composition/api';
import { BOOTSTRAP_KEY_ID, hashKey, keyIdOf } from '../../lib/market/keys';
import { legacyKeyCodec } from '../../lib/store/items/key-item';
import { KeyPageSchema, MeSchema } from '../../schemas/api/keys';
import { appCaller } from '../support/app-caller';

const NOW = '2026-11-30T12:00:00.000Z';
const KEY_A = 'sb_bootstrap_A_0123456789abcdef';
const KEY_B = 'sb_bootstrap_B_0123456789abcdef';

describe('bootstrap key', () => {
  let table: TestTable;
  const clock = manualClock(NOW);
  beforeAll(async () => { table = await createTestTable('bootstrap'); });
  afterAll(async () => { await table.drop(); });

  /** One start of the broker with `bootstrapKey`: the production composition root, then seed. */
  const start = async (bootstrapKey: string) => {
    const config = loadConfig({ TABLE_NAME: table.tableName, DYNAMODB_ENDPOINT: table.endpoint, AWS_REGION: 'local', BROKER_BOOTSTRAP_KEY: bootstrapKey });
    const runtime = createApiRuntime(config, { doc: table.doc, clock, keyMaxAgeMs: 100 });
    await runtime.seed();
    return appCaller(runtime.app, bootstrapKey);
  };
  const me = async (call: ReturnType<typeof appCaller>, key: string) => (await call('GET', '/v1/me', { key })).status;
  const bootstrapListings = async (call: ReturnType<typeof appCaller>) =>
    KeyPageSchema.parse(await (await call('GET', '/v1/keys?limit=100')).json()).items.filter((k) => k.role === 'operator');

  it('start with A, then with B: A is refused (on the new and, within its cache age, the old instance), B works', async () => {
    const first = await start(KEY_A);
    expect(await me(first, KEY_A)).toBe(200);
    const second = await start(KEY_B);
    expect(await me(second, KEY_A)).toBe(401);
    expect(await me(second, KEY_B)).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(await me(first, KEY_A)).toBe(401);
    expect(await me(first, KEY_B)).toBe(200);
    const listed = await bootstrapListings(second);
    expect(listed).toEqual([expect.objectContaining({ keyId: BOOTSTRAP_KEY_ID, status: 'active', rotatedAt: NOW })]);
    expect(MeSchema.parse(await (await second('GET', '/v1/me')).json()).keyId).toBe(BOOTSTRAP_KEY_ID);
  });

  it('restarting with the same key changes nothing; going back to A retires B; concurrent starts converge', async () => {
    clock.advance(60_000);
    await start(KEY_B);
    const again = await start(KEY_B);
    expect((await bootstrapListings(again))[0]?.rotatedAt).toBe(NOW);
    const back = await start(KEY_A);
    expect(await me(back, KEY_B)).toBe(401);
    expect(await me(back, KEY_A)).toBe(200);
    const KEY_C = 'sb_bootstrap_C_0123456789abcdef';
    const starts = await Promise.all([start(KEY_C), start(KEY_C), start(KEY_C)]);
    for (const call of starts) {
      expect(await me(call, KEY_C)).toBe(200);
      expect(await me(call, KEY_A)).toBe(401);
    }
  });

  it('a revoked bootstrap key comes back with a new value (whoever sets the environment holds it)', async () => {
    const current = await start('sb_bootstrap_D_0123456789abcdef');
    expect((await current('DELETE', `/v1/keys/${BOOTSTRAP_KEY_ID}`)).status).toBe(204);
    expect(await me(current, 'sb_bootstrap_D_0123456789abcdef')).toBe(401);
    const revived = await start('sb_bootstrap_E_0123456789abcdef');
    expect(await me(revived, 'sb_bootstrap_E_0123456789abcdef')).toBe(200);
    expect(await me(revived, 'sb_bootstrap_D_0123456789abcdef')).toBe(401);
  });

  it('the bootstrap key seeded before keys could rotate is adopted, not duplicated', async () => {
    const fresh = await createTestTable('bootstrap-legacy');
    try {
      const secret = 'sb_legacy_bootstrap_0123456789';
      const keyHash = hashKey(secret);
      await fresh.doc.send(new PutCommand({ TableName: fresh.tableName, Item: legacyKeyCodec.encode({ keyId: keyIdOf(keyHash), role: 'operator', bidderId: 'operator', classes: [], createdAt: '2026-01-01T00:00:00.000Z', currentHash: keyHash, retired: [] }) }));
      const config = loadConfig({ TABLE_NAME: fresh.tableName, DYNAMODB_ENDPOINT: fresh.endpoint, AWS_REGION: 'local', BROKER_BOOTSTRAP_KEY: secret });
      const runtime = createApiRuntime(config, { doc: fresh.doc, clock });
      await runtime.seed();
      const call = appCaller(runtime.app, secret);
      expect(await me(call, secret)).toBe(200);
      const keys = KeyPageSchema.parse(await (await call('GET', '/v1/keys')).json()).items;
      expect(keys.map((k) => k.keyId)).toEqual([BOOTSTRAP_KEY_ID]);
      expect(keys[0]?.createdAt).toBe('2026-01-01T00:00:00.000Z');
    } finally {
      await fresh.drop();
    }
  });
});

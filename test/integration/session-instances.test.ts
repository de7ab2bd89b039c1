// A dashboard session sealed on one API instance opens on any other (issue 9): every instance
// gets the same session secret from configuration (deployed: Secrets Manager), never its own.
// Sign-out ends the session server-side (issue 13 finding 3): a copied cookie stops working on
// every instance, and a revoked key's sessions end too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestTable, type TestTable } from '../support/dynamodb';
import { loadConfig } from '../../lib/config';
import { createApiRuntime, type ApiRuntime } from '../../lib/composition/api';
import { inMemorySecrets, withSecrets } from '../../lib/composition/secrets';
import { CreatedKeySchema } from '../../schemas/api/keys';

const ORIGIN = 'http://dash.test';
const KEY = 'sb_session_test_operator_0123456789';
const BOOTSTRAP_ARN = 'arn:aws:secretsmanager:local:0:secret:bootstrap';
const SESSION_ARN = 'arn:aws:secretsmanager:local:0:secret:session';

describe('dashboard sessions across instances', () => {
  let table: TestTable;
  let instances: ApiRuntime[];
  beforeAll(async () => {
    table = await createTestTable('sessions');
    const source = inMemorySecrets({ [BOOTSTRAP_ARN]: KEY, [SESSION_ARN]: 'x'.repeat(64) });
    const env = { TABLE_NAME: table.tableName, DYNAMODB_ENDPOINT: table.endpoint, AWS_REGION: 'local', LOG_LEVEL: 'ERROR', BROKER_BOOTSTRAP_KEY_SECRET_ARN: BOOTSTRAP_ARN, BROKER_SESSION_SECRET_ARN: SESSION_ARN };
    // Two containers: each resolves the secrets itself at cold start.
    instances = [createApiRuntime(await withSecrets(loadConfig(env), source)), createApiRuntime(await withSecrets(loadConfig(env), source))];
    await instances[0]!.seed();
  });
  afterAll(async () => { await table.drop(); });

  /** Signs in with `key` on `instance`: the session cookie and the page's CSRF token. */
  const signIn = async (instance: ApiRuntime, key: string) => {
    const page = await instance.app.request(`${ORIGIN}/dashboard/sign-in`);
    const csrf = /name="csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
    const signInCookie = page.headers.getSetCookie().find((c) => c.startsWith('sb_signin='))!.split(';')[0]!;
    const signedIn = await instance.app.request(`${ORIGIN}/dashboard/sign-in`, {
      method: 'POST', body: new URLSearchParams({ csrf, key }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN, cookie: signInCookie },
    });
    expect(signedIn.status).toBe(303);
    const cookie = signedIn.headers.getSetCookie().find((c) => c.startsWith('sb_session='))!.split(';')[0]!;
    const auctions = await instance.app.request(`${ORIGIN}/dashboard/auctions`, { headers: { cookie } });
    const pageCsrf = /name="csrf" value="([^"]+)"/.exec(await auctions.text())?.[1] ?? '';
    return { cookie, csrf: pageCsrf };
  };
  const auctionsPage = (instance: ApiRuntime, cookie: string) => instance.app.request(`${ORIGIN}/dashboard/auctions`, { headers: { cookie } });

  it('signs in on instance A and reads the dashboard on instance B with the same cookie', async () => {
    const [a, b] = instances;
    const { cookie } = await signIn(a!, KEY);
    expect((await auctionsPage(b!, cookie)).status).toBe(200);
  });

  it('sign-out on instance A ends the session: the copied cookie is refused on A and on B', async () => {
    const [a, b] = instances;
    const { cookie, csrf } = await signIn(a!, KEY);
    expect(csrf.length).toBeGreaterThan(0);
    expect((await auctionsPage(b!, cookie)).status).toBe(200);
    const out = await a!.app.request(`${ORIGIN}/dashboard/sign-out`, {
      method: 'POST', body: new URLSearchParams({ csrf }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN, cookie },
    });
    expect(out.status).toBe(303);
    for (const instance of [a!, b!]) {
      const copied = await auctionsPage(instance, cookie);
      expect(copied.status).toBe(303);
      expect(copied.headers.get('location')).toBe('/dashboard/sign-in');
    }
    // Another session of the same key is not affected.
    const other = await signIn(b!, KEY);
    expect((await auctionsPage(a!, other.cookie)).status).toBe(200);
  });

  it('revoking the key ends its dashboard sessions', async () => {
    const [a, b] = instances;
    const created = await a!.app.request(`${ORIGIN}/v1/keys`, {
      method: 'POST', headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'bidder', bidderId: 'dash-1', classes: ['ai'] }),
    });
    const { key, keyId } = CreatedKeySchema.parse(await created.json());
    const { cookie } = await signIn(b!, key);
    expect((await a!.app.request(`${ORIGIN}/v1/keys/${keyId}`, { method: 'DELETE', headers: { authorization: `Bearer ${KEY}` } })).status).toBe(204);
    // The revoking instance forgets the key at once; the other within its key cache age (≤ 5 s).
    const page = await auctionsPage(a!, cookie);
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/dashboard/sign-in');
  });

  it('refuses to start with a referenced secret that cannot be read', async () => {
    const env = { TABLE_NAME: table.tableName, BROKER_SESSION_SECRET_ARN: SESSION_ARN };
    await expect(withSecrets(loadConfig(env), inMemorySecrets({}))).rejects.toThrow(/not set/);
  });
});

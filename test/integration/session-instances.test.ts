// A dashboard session sealed on one API instance opens on any other (issue 9): every instance
// gets the same session secret from configuration (deployed: Secrets Manager), never its own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestTable, type TestTable } from '../support/dynamodb';
import { loadConfig } from '../../lib/config';
import { createApiRuntime, type ApiRuntime } from '../../lib/composition/api';
import { inMemorySecrets, withSecrets } from '../../lib/composition/secrets';

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

  it('signs in on instance A and reads the dashboard on instance B with the same cookie', async () => {
    const [a, b] = instances;
    const page = await a!.app.request(`${ORIGIN}/dashboard/sign-in`);
    const csrf = /name="csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
    const signInCookie = page.headers.getSetCookie().find((c) => c.startsWith('sb_signin='))!.split(';')[0]!;
    const signedIn = await a!.app.request(`${ORIGIN}/dashboard/sign-in`, {
      method: 'POST', body: new URLSearchParams({ csrf, key: KEY }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN, cookie: signInCookie },
    });
    expect(signedIn.status).toBe(303);
    const session = signedIn.headers.getSetCookie().find((c) => c.startsWith('sb_session='))!.split(';')[0]!;
    const onB = await b!.app.request(`${ORIGIN}/dashboard/auctions`, { headers: { cookie: session } });
    expect(onB.status).toBe(200);
  });

  it('refuses to start with a referenced secret that cannot be read', async () => {
    const env = { TABLE_NAME: table.tableName, BROKER_SESSION_SECRET_ARN: SESSION_ARN };
    await expect(withSecrets(loadConfig(env), inMemorySecrets({}))).rejects.toThrow(/not set/);
  });
});

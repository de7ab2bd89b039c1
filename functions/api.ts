// Lambda entry for the HTTP API (API Gateway HTTP API, payload v2): the same app npm start serves.
import { handle } from 'hono/aws-lambda';
import { loadConfig } from '../lib/config';
import { createApiRuntime } from '../lib/composition/api';
import { lambdaClientAddress } from '../lib/composition/client-address';
import { withSecrets } from '../lib/composition/secrets';
import { secretsManagerSource } from '../lib/composition/secrets-manager-source';

// Once per cold start: the secrets from Secrets Manager, then the bootstrap key (idempotent).
const runtime = createApiRuntime(await withSecrets(loadConfig(), secretsManagerSource), { clientAddress: lambdaClientAddress });
await runtime.seed();

export const app = runtime.app;
export const handler = handle(app);

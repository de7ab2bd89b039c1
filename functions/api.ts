// Lambda entry for the HTTP API (API Gateway HTTP API, payload v2): the same app npm start serves.
import { handle } from 'hono/aws-lambda';
import { loadConfig } from '../lib/config';
import { createApiRuntime } from '../lib/composition/api';
import { lambdaClientAddress } from '../lib/composition/client-address';

const runtime = createApiRuntime(loadConfig(), { clientAddress: lambdaClientAddress });
// Once per cold start; idempotent, so concurrent cold starts are harmless.
await runtime.seed();

export const app = runtime.app;
export const handler = handle(app);

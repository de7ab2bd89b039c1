import { createRoute } from '@hono/zod-openapi';
import { CreateKeyRequestSchema, CreatedKeySchema, KeyPageSchema, KeyParamsSchema, MeSchema, RotateKeyRequestSchema, RotatedKeySchema } from '../../../schemas/api/keys';
import { createKey, listKeys, revokeKey } from '../../market/keys';
import { rotateKey } from '../../market/key-rotation';
import { IdempotencyHeadersSchema, PageQuerySchema } from '../../../schemas/api/common';
import type { AppDeps } from '../env';
import { operatorOnly } from '../auth';
import { problems, security, createRouter } from '../router';
import { idempotencyMiddleware } from '../idempotency';

export function keysRoutes(deps: AppDeps) {
  const app = createRouter();
  app.openapi(createRoute({
    method: 'post', path: '/v1/keys', tags: ['keys'], security, summary: 'Create an API key (operator); the key is shown once',
    middleware: [operatorOnly, idempotencyMiddleware(deps, {
      secretResponse: (body) => ({ detail: `this request already created key ${CreatedKeySchema.safeParse(JSON.parse(body)).data?.keyId ?? ''}; its secret was shown once and is not stored — create another key if it was lost` }),
    })] as const,
    request: { headers: IdempotencyHeadersSchema, body: { required: true, content: { 'application/json': { schema: CreateKeyRequestSchema } } } },
    responses: { 201: { description: 'Created', content: { 'application/json': { schema: CreatedKeySchema } } }, 400: problems[400], 401: problems[401], 403: problems[403], 409: problems[409], 415: problems[415], 422: problems[422] },
  }), async (c) => c.json(await createKey(deps.market, c.req.valid('json')), 201));

  app.openapi(createRoute({
    method: 'get', path: '/v1/keys', tags: ['keys'], security, summary: 'List API keys (operator; keyId order; never a secret or hash)',
    middleware: [operatorOnly] as const,
    request: { query: PageQuerySchema },
    responses: { 200: { description: 'A page of keys', content: { 'application/json': { schema: KeyPageSchema } } }, 400: problems[400], 401: problems[401], 403: problems[403] },
  }), async (c) => c.json(await listKeys(deps.market, c.req.valid('query')), 200));

  app.openapi(createRoute({
    method: 'delete', path: '/v1/keys/{keyId}', tags: ['keys'], security,
    summary: 'Revoke a key (operator): refused at once on this instance, within 5 s on every other; idempotent (204 again)',
    middleware: [operatorOnly] as const,
    request: { params: KeyParamsSchema },
    responses: { 204: { description: 'Revoked (or already revoked)' }, 400: problems[400], 401: problems[401], 403: problems[403], 404: problems[404] },
  }), async (c) => {
    await revokeKey(deps.market, c.req.valid('param').keyId);
    return c.body(null, 204);
  });

  app.openapi(createRoute({
    method: 'post', path: '/v1/keys/{keyId}/rotate', tags: ['keys'], security,
    summary: 'Replace a key\'s secret (the operator any key, a bidder its own): the new secret is shown once; the old one works for gracePeriodSeconds (≤ 24 h), then is refused',
    middleware: [idempotencyMiddleware(deps, {
      secretResponse: () => ({ detail: 'this request already rotated the key; its new secret was shown once and is not stored — rotate again if it was lost' }),
    })] as const,
    request: { headers: IdempotencyHeadersSchema, params: KeyParamsSchema, body: { required: false, content: { 'application/json': { schema: RotateKeyRequestSchema } } } },
    responses: {
      200: { description: 'The new secret (shown once) and when the old one stops working', content: { 'application/json': { schema: RotatedKeySchema } } },
      400: problems[400], 401: problems[401], 404: problems[404], 409: problems[409], 415: problems[415],
    },
    // Without a body (none is required) the validator passes nothing through: parse for the default.
  }), async (c) => c.json(await rotateKey(deps.market, c.get('principal'), c.req.valid('param').keyId, RotateKeyRequestSchema.parse(c.req.valid('json') ?? {})), 200));

  app.openapi(createRoute({
    method: 'get', path: '/v1/me', tags: ['keys'], security, summary: 'What the presented key grants, when it was last used, and when a replaced secret stops working',
    responses: { 200: { description: 'The key\'s role, bidder id, classes and use', content: { 'application/json': { schema: MeSchema } } }, 401: problems[401] },
  }), (c) => c.json(c.get('me'), 200));
  return app;
}

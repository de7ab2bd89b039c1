// GET /v1/events (the caller's curtailment notices) and PUT /v1/webhook (a bidder's push target).
import { createRoute } from '@hono/zod-openapi';
import { EventsPageSchema, WebhookRegistrationRequestSchema, WebhookRegistrationResponseSchema, WebhookSchema } from '../../../schemas/lifecycle';
import { PageQuerySchema } from '../../../schemas/api/common';
import { checkWebhookUrl } from '../../notify/webhook-url';
import { generateWebhookSecret } from '../../notify/secret';
import { isoUtc } from '../../kernel/interval-time';
import { bidderOnly } from '../auth';
import { ProblemError } from '../problem';
import { createRouter, problems, security } from '../router';
import type { LifecycleDeps } from './lifecycle-common';

export function noticesRoutes(app: ReturnType<typeof createRouter>, lc: LifecycleDeps) {
  app.openapi(createRoute({
    method: 'get', path: '/v1/events', tags: ['lifecycle'], security,
    summary: 'The caller\'s curtailment notices, oldest first (poll with nextCursor for newer ones)',
    request: { query: PageQuerySchema },
    responses: { 200: { description: 'A page of notices', content: { 'application/json': { schema: EventsPageSchema } } }, 400: problems[400], 401: problems[401] },
  }), async (c) => {
    const page = await lc.events.listEvents(c.get('principal').bidderId, c.req.valid('query'));
    return c.json({ events: page.events, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) }, 200);
  });

  app.openapi(createRoute({
    method: 'put', path: '/v1/webhook', tags: ['lifecycle'], security,
    summary: 'Register the caller\'s webhook (bidder); the signing secret is shown once, in this response',
    description: 'Notices are POSTed with X-Broker-Signature (t=<unix s>,v1=<hex HMAC-SHA256(secret, t + "." + body)>), X-Broker-Event-Id and X-Broker-Timestamp; at least once, retried with backoff; dedupe by event id (docs/lifecycle.md § Webhooks). A new PUT replaces the URL and the secret.',
    middleware: [bidderOnly] as const,
    request: { body: { required: true, content: { 'application/json': { schema: WebhookRegistrationRequestSchema } } } },
    responses: { 200: { description: 'Registered', content: { 'application/json': { schema: WebhookRegistrationResponseSchema } } }, 400: problems[400], 401: problems[401], 403: problems[403], 422: problems[422] },
  }), async (c) => {
    const check = checkWebhookUrl(c.req.valid('json').url, lc.webhookPolicy);
    if (!check.ok) throw new ProblemError(422, 'this URL cannot receive notices', [{ path: 'url', message: check.message }]);
    const registration = { bidderId: c.get('principal').bidderId, url: check.url, secret: generateWebhookSecret(), createdAt: isoUtc(lc.clock.now().getTime()) };
    await lc.webhooks.putWebhook(registration);
    return c.json(registration, 200);
  });

  app.openapi(createRoute({
    method: 'get', path: '/v1/webhook', tags: ['lifecycle'], security, summary: 'The caller\'s webhook (bidder), never its secret',
    middleware: [bidderOnly] as const,
    responses: { 200: { description: 'Registered', content: { 'application/json': { schema: WebhookSchema } } }, 401: problems[401], 403: problems[403], 404: problems[404] },
  }), async (c) => {
    const found = await lc.webhooks.getWebhook(c.get('principal').bidderId);
    if (!found) throw new ProblemError(404, 'no webhook registered; notices are in GET /v1/events');
    return c.json(found, 200);
  });

  app.openapi(createRoute({
    method: 'delete', path: '/v1/webhook', tags: ['lifecycle'], security, summary: 'Remove the caller\'s webhook (bidder); notices stay in GET /v1/events',
    middleware: [bidderOnly] as const,
    responses: { 204: { description: 'Removed' }, 401: problems[401], 403: problems[403], 404: problems[404] },
  }), async (c) => {
    if (!(await lc.webhooks.deleteWebhook(c.get('principal').bidderId))) throw new ProblemError(404, 'no webhook registered');
    return c.body(null, 204);
  });
}

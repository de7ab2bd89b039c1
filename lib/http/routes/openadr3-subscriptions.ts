// GET/POST /openadr3/subscriptions, GET/PUT/DELETE /openadr3/subscriptions/{subscriptionID}: a VEN's
// callbacks for new events of its programs (docs/openadr.md § Subscriptions). Callback URLs pass
// the webhook address policy; the signing secret of X-Broker-Signature is shown once, in the
// X-Broker-Signing-Secret header of the creating response (the spec's object has no field for it).
import { createRoute, z } from '@hono/zod-openapi';
import { OADR_LIMITS, SubscriptionSchema, type OadrSubscription } from '../../openadr/objects';
import type { Principal } from '../../../schemas/api/keys';
import { parseProgramId, venIdOf } from '../../openadr/ids';
import type { SubscriptionStore } from '../../openadr/subscriptions';
import { checkWebhookUrl } from '../../notify/webhook-url';
import { generateWebhookSecret } from '../../notify/secret';
import { isoUtc } from '../../kernel/interval-time';
import type { MarketDeps } from '../../market/ports';
import { ProblemError } from '../problem';
import { oadrBodyLimit, oadrProblems, oadrSecurity, venOnly, type OadrRouter } from './openadr3-common';
import { objectIdParam, OadrListQuerySchema } from './openadr3-events';

export const SIGNING_SECRET_HEADER = 'x-broker-signing-secret';
const MAX_SUBSCRIPTIONS = 20;
/** A subscription is one DynamoDB item (≤ 400 KB): its body is bounded well below that. Stored
 * strings are never longer in UTF-8 than in the body; the normalised callback URL is bounded on its own. */
export const MAX_SUBSCRIPTION_BODY_BYTES = 64 * 1024;
const subscriptionBody = oadrBodyLimit(MAX_SUBSCRIPTION_BODY_BYTES);

const json = <T extends z.ZodType>(schema: T, description: string, headers?: Record<string, { description: string; schema: { type: 'string' } }>) => ({ description, content: { 'application/json': { schema } }, ...(headers ? { headers } : {}) });
const ParamsSchema = z.object({ subscriptionID: objectIdParam('subscriptionID') });

export function openadr3SubscriptionRoutes(app: OadrRouter, deps: { market: MarketDeps; store: SubscriptionStore; webhookPolicy: { allowPrivate: boolean } }) {
  app.openapi(createRoute({
    method: 'get', path: '/openadr3/subscriptions', tags: ['openadr3'], security: oadrSecurity,
    summary: 'The VEN\'s subscriptions',
    middleware: [venOnly] as const,
    request: { query: OadrListQuerySchema.extend({ programID: z.string().max(128).optional(), clientName: z.string().max(128).optional() }) },
    responses: { 200: json(z.array(SubscriptionSchema), 'OK.'), 400: oadrProblems[400], 401: oadrProblems[401], 429: oadrProblems[429], 403: oadrProblems[403] },
  }), async (c) => {
    const q = c.req.valid('query');
    const all = (await deps.store.list(c.get('principal').bidderId)).map((s) => s.subscription)
      .filter((s) => (q.programID === undefined || s.programID === q.programID) && (q.clientName === undefined || s.clientName === q.clientName));
    const skip = q.skip ?? 0;
    return c.json(all.slice(skip, skip + (q.limit ?? 50)), 200);
  });

  app.openapi(createRoute({
    method: 'post', path: '/openadr3/subscriptions', tags: ['openadr3'], security: oadrSecurity,
    summary: 'Subscribe a callback URL (with an optional bearer token) to new events of one of the VEN\'s programs',
    description: 'Notifications are the spec\'s notification object, POSTed with `Authorization: Bearer <bearerToken>` and the broker\'s X-Broker-Signature (HMAC-SHA256 with the secret in this response\'s X-Broker-Signing-Secret header, shown once); retried with backoff. Only EVENT objects with the CREATE operation are sent.',
    middleware: [venOnly, subscriptionBody] as const,
    request: { body: { required: true, content: { 'application/json': { schema: SubscriptionSchema } } } },
    responses: {
      201: json(SubscriptionSchema, 'Created.', { 'X-Broker-Signing-Secret': { description: 'The HMAC secret of X-Broker-Signature on this subscription\'s notifications (shown once)', schema: { type: 'string' } } }),
      400: oadrProblems[400], 401: oadrProblems[401], 429: oadrProblems[429], 403: oadrProblems[403], 409: oadrProblems[409], 413: oadrProblems[413],
    },
  }), async (c) => {
    const p = c.get('principal');
    const fields = checked(c.req.valid('json'), p, deps.webhookPolicy);
    if ((await deps.store.list(p.bidderId)).length >= MAX_SUBSCRIPTIONS) throw new ProblemError(409, `at most ${MAX_SUBSCRIPTIONS} subscriptions per VEN; delete one first`);
    const at = isoUtc(deps.market.clock.now().getTime());
    const subscription = { id: deps.market.ids.next('sub'), createdDateTime: at, modificationDateTime: at, objectType: 'SUBSCRIPTION' as const, ...fields };
    const signingSecret = generateWebhookSecret();
    await deps.store.put({ bidderId: p.bidderId, subscription, signingSecret });
    return c.json(subscription, 201, { [SIGNING_SECRET_HEADER]: signingSecret, 'cache-control': 'no-store' });
  });

  app.openapi(createRoute({
    method: 'get', path: '/openadr3/subscriptions/{subscriptionID}', tags: ['openadr3'], security: oadrSecurity,
    summary: 'One of the VEN\'s subscriptions (404 for another\'s)',
    middleware: [venOnly] as const,
    request: { params: ParamsSchema },
    responses: { 200: json(SubscriptionSchema, 'OK.'), 400: oadrProblems[400], 401: oadrProblems[401], 429: oadrProblems[429], 403: oadrProblems[403], 404: oadrProblems[404] },
  }), async (c) => {
    const found = await deps.store.get(c.get('principal').bidderId, c.req.valid('param').subscriptionID);
    if (!found) throw new ProblemError(404, 'no such subscription');
    return c.json(found.subscription, 200);
  });

  app.openapi(createRoute({
    method: 'put', path: '/openadr3/subscriptions/{subscriptionID}', tags: ['openadr3'], security: oadrSecurity,
    summary: 'Replace one of the VEN\'s subscriptions (id, creation time and signing secret stay)',
    middleware: [venOnly, subscriptionBody] as const,
    request: { params: ParamsSchema, body: { required: true, content: { 'application/json': { schema: SubscriptionSchema } } } },
    responses: { 200: json(SubscriptionSchema, 'OK.'), 400: oadrProblems[400], 401: oadrProblems[401], 429: oadrProblems[429], 403: oadrProblems[403], 404: oadrProblems[404], 413: oadrProblems[413] },
  }), async (c) => {
    const p = c.get('principal');
    const found = await deps.store.get(p.bidderId, c.req.valid('param').subscriptionID);
    if (!found) throw new ProblemError(404, 'no such subscription');
    const fields = checked(c.req.valid('json'), p, deps.webhookPolicy);
    const { id, createdDateTime } = found.subscription;
    const subscription = { id, createdDateTime, modificationDateTime: isoUtc(deps.market.clock.now().getTime()), objectType: 'SUBSCRIPTION' as const, ...fields };
    await deps.store.put({ ...found, subscription });
    return c.json(subscription, 200);
  });

  app.openapi(createRoute({
    method: 'delete', path: '/openadr3/subscriptions/{subscriptionID}', tags: ['openadr3'], security: oadrSecurity,
    summary: 'Delete one of the VEN\'s subscriptions; answers the deleted subscription',
    middleware: [venOnly] as const,
    request: { params: ParamsSchema },
    responses: { 200: json(SubscriptionSchema, 'OK.'), 400: oadrProblems[400], 401: oadrProblems[401], 429: oadrProblems[429], 403: oadrProblems[403], 404: oadrProblems[404] },
  }), async (c) => {
    const removed = await deps.store.delete(c.get('principal').bidderId, c.req.valid('param').subscriptionID);
    if (!removed) throw new ProblemError(404, 'no such subscription');
    return c.json(removed.subscription, 200);
  });
}

/** The VEN's own program and name, callback URLs that pass the address policy; VTN-provisioned fields dropped. */
function checked(body: OadrSubscription, p: Principal, policy: { allowPrivate: boolean }) {
  const program = parseProgramId(body.programID);
  if (!program || !p.classes.includes(program.cls)) throw new ProblemError(400, `programID ${body.programID} is not one of your programs`, [{ path: 'programID', message: 'unknown program' }]);
  if (body.clientName !== p.bidderId && body.clientName !== venIdOf(p.bidderId)) throw new ProblemError(403, `clientName must be your VEN (${p.bidderId})`);
  const objectOperations = body.objectOperations.map((op, k) => {
    const check = checkWebhookUrl(op.callbackUrl, policy);
    if (!check.ok) throw new ProblemError(400, 'this callback URL cannot receive notifications', [{ path: `objectOperations[${k}].callbackUrl`, message: check.message }]);
    // Normalising (percent-encoding, punycode) can lengthen a URL past the bound the body met.
    if (check.url.length > OADR_LIMITS.url) throw new ProblemError(400, 'this callback URL is too long', [{ path: `objectOperations[${k}].callbackUrl`, message: `at most ${OADR_LIMITS.url} characters once normalised` }]);
    return { ...op, callbackUrl: check.url };
  });
  const { id: _id, createdDateTime: _c, modificationDateTime: _m, objectType: _o, ...fields } = body;
  return { ...fields, objectOperations };
}

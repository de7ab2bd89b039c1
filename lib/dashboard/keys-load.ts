// The keys page's calls into the broker's API (in process, with the viewer's key): the operator
// lists every key (GET /v1/keys), creates, revokes and rotates; a bidder sees its own key
// (GET /v1/me) and rotates it. Secrets come back only in the create and rotate answers.
import { z } from 'zod';
import {
  CreatedKeySchema, KeyPageSchema, KeySummarySchema, MeSchema, RotatedKeySchema,
  type CreateKeyRequest, type CreatedKey, type KeySummary, type Me, type RotatedKey,
} from '../../schemas/api/keys';
import { createApiClient, parseBody, type ApiClient } from '../api-client';
import type { ApiFetch } from './load';

function clientFor(api: ApiFetch, key: string): ApiClient {
  return createApiClient({ fetch: api, key, accept: 'application/json' });
}

/** Keys listed per page on the dashboard (GET /v1/keys pages by keyId). */
const KEYS_PER_PAGE = 100;

export interface KeyListing {
  me: Me;
  keys: KeySummary[];
  nextCursor?: string | undefined;
}

/** A bidder's own key as the listing would show it (GET /v1/keys is the operator's). */
function ownKeyOf(me: Me): KeySummary {
  const { secretValidUntil: _secret, ...key } = me;
  return KeySummarySchema.parse({ ...key, status: 'active' });
}

export async function loadKeys(api: ApiFetch, key: string, cursor?: string): Promise<KeyListing> {
  const client = clientFor(api, key);
  const me = await client.get('/v1/me', MeSchema);
  if (me.role !== 'operator') return { me, keys: [ownKeyOf(me)] };
  const query = new URLSearchParams({ limit: String(KEYS_PER_PAGE) });
  if (cursor) query.set('cursor', cursor);
  const page = await client.get(`/v1/keys?${query}`, KeyPageSchema);
  return { me, keys: page.items, nextCursor: page.nextCursor };
}

/** The form's request id is the Idempotency-Key: a re-posted form never creates a second key. */
export async function createKeyVia(api: ApiFetch, key: string, request: CreateKeyRequest, requestId: string): Promise<CreatedKey> {
  const response = await clientFor(api, key).request('POST', '/v1/keys', { json: request, idempotencyKey: requestId });
  return parseBody(response, CreatedKeySchema);
}

export async function revokeKeyVia(api: ApiFetch, key: string, keyId: string): Promise<void> {
  await clientFor(api, key).request('DELETE', `/v1/keys/${encodeURIComponent(keyId)}`);
}

export async function rotateKeyVia(api: ApiFetch, key: string, keyId: string, gracePeriodSeconds: number, requestId: string): Promise<RotatedKey> {
  const response = await clientFor(api, key).request('POST', `/v1/keys/${encodeURIComponent(keyId)}/rotate`, { json: { gracePeriodSeconds }, idempotencyKey: requestId });
  return parseBody(response, RotatedKeySchema);
}

/** Grace periods the rotate form offers (seconds), within the API's 0..24 h. */
export const GRACE_CHOICES = [
  { seconds: 0, label: 'no grace' },
  { seconds: 3600, label: '1 h grace' },
  { seconds: 6 * 3600, label: '6 h grace' },
  { seconds: 24 * 3600, label: '24 h grace' },
] as const;

const requestId = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/);

/** The create form's fields → the API's request (validated by the API's own schema there). */
export const CreateKeyFormSchema = z.strictObject({
  requestId,
  role: z.enum(['operator', 'bidder']),
  bidderId: z.string().trim(),
  classes: z.array(z.enum(['ai', 'mining'])),
  /** datetime-local, read as UTC ("2027-01-01T00:00"); empty for never. */
  expiresAt: z.string().trim().regex(/^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?)?$/, 'a date and time (UTC)'),
});

export const RotateKeyFormSchema = z.strictObject({
  requestId,
  gracePeriodSeconds: z.enum(GRACE_CHOICES.map((g) => String(g.seconds))).transform(Number),
});

/** The API request the create form describes (bidderId optional for an operator). */
export function createRequestOf(form: z.infer<typeof CreateKeyFormSchema>): unknown {
  const expiresAt = form.expiresAt ? { expiresAt: `${form.expiresAt.length === 16 ? `${form.expiresAt}:00` : form.expiresAt}Z` } : {};
  return form.role === 'bidder'
    ? { role: 'bidder', bidderId: form.bidderId, classes: form.classes, ...expiresAt }
    : { role: 'operator', ...(form.bidderId ? { bidderId: form.bidderId } : {}), ...expiresAt };
}

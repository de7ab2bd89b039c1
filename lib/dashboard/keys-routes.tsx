// The keys page's routes (mounted by app.tsx behind the session check): GET /keys lists,
// POST /keys creates, POST /keys/{keyId}/revoke and …/rotate act. Every post passes the same
// checks as sign-out (Origin, urlencoded body, the session's CSRF token) before the API call;
// the form's requestId is the call's Idempotency-Key. A secret appears only on the answer to
// the post that made it (no redirect, no-store), and rotating the session's own key moves the
// session to the new secret.
import type { Context, Hono } from 'hono';
import { randomBytes } from 'node:crypto';
import { CreateKeyRequestSchema, KeyIdSchema, MeSchema } from '../../schemas/api/keys';
import type { Session } from '../../schemas/dashboard';
import { ApiError, createApiClient } from '../api-client';
import type { ApiFetch } from './load';
import { CreateKeyFormSchema, createKeyVia, createRequestOf, loadKeys, revokeKeyVia, rotateKeyVia, RotateKeyFormSchema } from './keys-load';
import { sameToken, type DashboardEnv } from './session';
import { KeysPage, type NewSecret } from './pages/keys';

export interface KeyPagesContext {
  base: string;
  api: ApiFetch;
  sameOrigin(c: Context): boolean;
  readForm(c: Context): Promise<URLSearchParams | undefined>;
  onApiError(c: Context<DashboardEnv>, error: unknown): Response | Promise<Response>;
  refuse(c: Context<DashboardEnv>, status: 403 | 404 | 415, detail: string): Response | Promise<Response>;
  /** Re-seals the session cookie (after the session's own key was rotated). */
  saveSession(c: Context<DashboardEnv>, session: Session): void;
}

const newRequestId = () => randomBytes(18).toString('base64url');

/** 4xx answers of the API that the page shows beside the form; others go to onApiError. */
const FORM_STATUSES = [400, 404, 409, 422] as const;
type FormStatus = (typeof FORM_STATUSES)[number];
const formStatus = (error: unknown): FormStatus | undefined =>
  error instanceof ApiError ? FORM_STATUSES.find((s) => s === error.status) : undefined;

function problemText(error: ApiError): string {
  const fields = (error.problem?.errors ?? []).map((e) => `${e.path || '(body)'}: ${e.message}`);
  return [error.detail, ...fields].join(' — ');
}

export function mountKeyPages(app: Hono<DashboardEnv>, ctx: KeyPagesContext): void {
  const { base, api } = ctx;

  const render = async (c: Context<DashboardEnv>, status: 200 | FormStatus, extra: { newSecret?: NewSecret; message?: string; error?: string; cursor?: string } = {}) => {
    const session = c.get('session');
    try {
      const listing = await loadKeys(api, session.key, extra.cursor);
      return c.html(
        <KeysPage base={base} viewer={session} keys={listing.keys} sessionKeyId={listing.me.keyId} nextCursor={listing.nextCursor}
          newSecret={extra.newSecret} message={extra.message} error={extra.error} requestId={newRequestId} />,
        status,
      );
    } catch (error) {
      return ctx.onApiError(c, error);
    }
  };

  /** Origin, body type and CSRF token: the form, or the refusal page. */
  const checkedForm = async (c: Context<DashboardEnv>): Promise<URLSearchParams | Response> => {
    if (!ctx.sameOrigin(c)) return ctx.refuse(c, 403, 'This form must be sent from the dashboard itself.');
    const form = await ctx.readForm(c);
    if (!form) return ctx.refuse(c, 415, 'Send the form as the page does (urlencoded).');
    if (!sameToken(form.get('csrf') ?? undefined, c.get('session').csrf)) return ctx.refuse(c, 403, 'This form must be sent from the dashboard itself.');
    return form;
  };

  const keyIdParam = (c: Context<DashboardEnv>) => KeyIdSchema.safeParse(c.req.param('keyId')).data;

  app.get('/keys', (c) => render(c, 200, { ...(c.req.query('cursor') ? { cursor: c.req.query('cursor') } : {}), ...revokedMessage(c.req.query('revoked')) }));

  app.post('/keys', async (c) => {
    const form = await checkedForm(c);
    if (form instanceof Response) return form;
    const fields = CreateKeyFormSchema.safeParse({
      requestId: form.get('requestId') ?? '', role: form.get('role') ?? '', bidderId: form.get('bidderId') ?? '',
      classes: form.getAll('classes'), expiresAt: form.get('expiresAt') ?? '',
    });
    if (!fields.success) return render(c, 400, { error: `The form is incomplete: ${fields.error.issues.map((i) => `${i.path.join('.') || 'form'}: ${i.message}`).join('; ')}` });
    const request = CreateKeyRequestSchema.safeParse(createRequestOf(fields.data));
    if (!request.success) return render(c, 400, { error: `Not created: ${request.error.issues.map((i) => `${i.path.join('.') || 'form'}: ${i.message}`).join('; ')}` });
    try {
      const created = await createKeyVia(api, c.get('session').key, request.data, fields.data.requestId);
      return render(c, 200, { newSecret: { keyId: created.keyId, key: created.key, action: 'created' } });
    } catch (error) {
      const status = formStatus(error);
      return status && error instanceof ApiError ? render(c, status, { error: `Not created: ${problemText(error)}` }) : ctx.onApiError(c, error);
    }
  });

  app.post('/keys/:keyId/revoke', async (c) => {
    const form = await checkedForm(c);
    if (form instanceof Response) return form;
    const keyId = keyIdParam(c);
    if (!keyId) return ctx.refuse(c, 404, 'No such key.');
    try {
      await revokeKeyVia(api, c.get('session').key, keyId);
    } catch (error) {
      const status = formStatus(error);
      return status && error instanceof ApiError ? render(c, status, { error: `Not revoked: ${problemText(error)}` }) : ctx.onApiError(c, error);
    }
    // Post/redirect/get: a reload of the list does not post again.
    return c.redirect(`${base}/keys?revoked=${encodeURIComponent(keyId)}`, 303);
  });

  app.post('/keys/:keyId/rotate', async (c) => {
    const form = await checkedForm(c);
    if (form instanceof Response) return form;
    const keyId = keyIdParam(c);
    if (!keyId) return ctx.refuse(c, 404, 'No such key.');
    const fields = RotateKeyFormSchema.safeParse({ requestId: form.get('requestId') ?? '', gracePeriodSeconds: form.get('gracePeriodSeconds') ?? '' });
    if (!fields.success) return render(c, 400, { error: 'Choose a grace period from the list.' });
    const session = c.get('session');
    try {
      // Asked before the rotation: with no grace the session's secret is refused right after.
      const me = await createApiClient({ fetch: api, key: session.key, accept: 'application/json' }).get('/v1/me', MeSchema);
      const rotated = await rotateKeyVia(api, session.key, keyId, fields.data.gracePeriodSeconds, fields.data.requestId);
      if (rotated.keyId === me.keyId) {
        const moved: Session = { ...session, key: rotated.key };
        ctx.saveSession(c, moved);
        c.set('session', moved);
      }
      return render(c, 200, { newSecret: { keyId: rotated.keyId, key: rotated.key, action: 'rotated', previousKeyValidUntil: rotated.previousKeyValidUntil } });
    } catch (error) {
      const status = formStatus(error);
      return status && error instanceof ApiError ? render(c, status, { error: `Not rotated: ${problemText(error)}` }) : ctx.onApiError(c, error);
    }
  });
}

function revokedMessage(keyId: string | undefined): { message?: string } {
  const valid = KeyIdSchema.safeParse(keyId);
  return valid.success ? { message: `Key ${valid.data} revoked: refused from the next request on (within 5 s on every instance).` } : {};
}

// POST /openadr3/auth/token: OAuth 2 client credentials (RFC 6749 § 4.4) as VEN clients send it —
// form fields (client_id, client_secret) or HTTP Basic (§ 2.3.1, each part form-urlencoded).
// Client id = the API key's keyId, secret = the key. Errors are RFC 6749 § 5.2 bodies (the spec's
// authError): invalid_client 401 with WWW-Authenticate, the others 400; every answer no-store.
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { AuthErrorSchema, ClientCredentialResponseSchema } from '../../openadr/objects';
import type { TokenIssuer } from '../../openadr/tokens';
import type { AppDeps } from '../env';
import { AUTH_FAILURE_BURST, AUTH_FAILURES_PER_SECOND } from '../auth';
import { TokenBuckets } from '../rate-limit';
import { hashKey } from '../../market/keys';
import type { OadrRouter } from './openadr3-common';

const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' };
type AuthError = z.infer<typeof AuthErrorSchema>['error'];

function authError(error: AuthError, description: string, status: 400 | 401 | 413 | 429, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify({ error, error_description: description }), { status, headers: { 'content-type': 'application/json', ...NO_STORE, ...headers } });
}

/** RFC 6749 § 2.3.1: each part form-urlencoded before base64. */
const formDecode = (text: string) => decodeURIComponent(text.replace(/\+/g, ' '));

function basicCredentials(header: string | undefined): { id: string; secret: string } | 'absent' | 'malformed' {
  if (!header || !/^basic /i.test(header)) return 'absent';
  try {
    const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 1) return 'malformed';
    return { id: formDecode(decoded.slice(0, colon)), secret: formDecode(decoded.slice(colon + 1)) };
  } catch {
    return 'malformed';
  }
}

const CLIENT_ID = /^[\x21-\x7e]{1,128}$/;
/** The token request's body bound (RFC 6749 parameters are a few short fields). */
export const MAX_TOKEN_BODY_BYTES = 16 * 1024;
const CLIENT_SECRET = /^[\x21-\x7e]{1,512}$/;

export function openadr3AuthRoutes(app: OadrRouter, deps: AppDeps, tokens: TokenIssuer) {
  const failures = new TokenBuckets(AUTH_FAILURES_PER_SECOND, AUTH_FAILURE_BURST);
  // As /v1: limited per presented secret (its hash), before the key is looked up.
  const perKey = deps.rateLimit ? new TokenBuckets(deps.rateLimit.perSecond, deps.rateLimit.burst) : undefined;

  app.openAPIRegistry.registerPath({
    method: 'post', path: '/openadr3/auth/token', tags: ['openadr3'],
    summary: 'OAuth 2 client credentials: an access token for a VEN (client_id = keyId, client_secret = the API key)',
    description: 'Form fields or HTTP Basic (RFC 6749). Tokens last `expires_in` seconds (3600), grant what the key grants, and stop working when the key is revoked. Errors: RFC 6749 § 5.2 (`invalid_client` 401, `invalid_request` / `unsupported_grant_type` 400).',
    request: { body: { required: true, content: { 'application/x-www-form-urlencoded': { schema: z.object({ grant_type: z.enum(['client_credentials']), client_id: z.string().optional(), client_secret: z.string().optional(), scope: z.string().optional() }) } } } },
    responses: {
      200: { description: 'A token', content: { 'application/json': { schema: ClientCredentialResponseSchema } } },
      400: { description: 'invalid_request, unsupported_grant_type', content: { 'application/json': { schema: AuthErrorSchema } } },
      401: { description: 'invalid_client', content: { 'application/json': { schema: AuthErrorSchema } } },
      413: { description: 'invalid_request: the body exceeds 16 KiB', content: { 'application/json': { schema: AuthErrorSchema } } },
      429: { description: 'invalid_request: too many requests with this secret, or failed authentications from this address (Retry-After)', content: { 'application/json': { schema: AuthErrorSchema } } },
    },
  });

  // A token request is a few short parameters: anything past this is no client's.
  const tokenBody = bodyLimit({ maxSize: MAX_TOKEN_BODY_BYTES, onError: () => authError('invalid_request', `the body exceeds ${MAX_TOKEN_BODY_BYTES} bytes`, 413, { connection: 'close' }) });
  app.post('/openadr3/auth/token', tokenBody, async (c: Context) => {
    const address = deps.clientAddress?.(c);
    const wait = address === undefined ? 0 : failures.peek(address, Date.now());
    if (wait > 0) return authError('invalid_request', 'too many failed authentications from this address', 429, { 'retry-after': String(wait) });
    const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/x-www-form-urlencoded') return authError('invalid_request', 'send the parameters as application/x-www-form-urlencoded (RFC 6749 § 4.4.2)', 400);
    const form = new URLSearchParams(await c.req.text());
    // One pass: getAll per name would be quadratic in the number of parameters (minutes of CPU
    // for a form of 1 MiB, before any authentication).
    const seen = new Set<string>();
    for (const name of form.keys()) {
      if (seen.has(name)) return authError('invalid_request', `parameter ${name.slice(0, 64)} is repeated`, 400);
      seen.add(name);
    }
    const grant = form.get('grant_type');
    if (grant === null) return authError('invalid_request', 'grant_type is missing', 400);
    if (grant !== 'client_credentials') return authError('unsupported_grant_type', 'only client_credentials is supported', 400);

    const basic = basicCredentials(c.req.header('authorization'));
    const bodyId = form.get('client_id');
    const bodySecret = form.get('client_secret');
    const usedBasic = basic !== 'absent';
    const challenge: Record<string, string> = usedBasic ? { 'www-authenticate': 'Basic realm="openadr3"' } : {};
    if (basic === 'malformed') return authError('invalid_client', 'the Basic credentials are malformed', 401, challenge);
    if (usedBasic && bodySecret !== null) return authError('invalid_request', 'use one client authentication method: Basic or the form fields, not both', 400);
    const id = usedBasic ? basic.id : bodyId;
    const secret = usedBasic ? basic.secret : bodySecret;
    if (usedBasic && bodyId !== null && bodyId !== basic.id) return authError('invalid_request', 'client_id differs from the Basic credentials', 400);
    if (id === null || secret === null) return authError('invalid_request', 'client_id and client_secret are required (form fields or HTTP Basic)', 400);
    const wellFormed = CLIENT_ID.test(id) && CLIENT_SECRET.test(secret);
    const limited = wellFormed ? perKey?.take(hashKey(secret), Date.now()) ?? 0 : 0;
    if (limited > 0) return authError('invalid_request', `rate limit of ${deps.rateLimit!.perSecond} requests/s per key exceeded`, 429, { 'retry-after': String(limited) });
    const issued = wellFormed ? await tokens.issue(id, secret) : undefined;
    if (!issued) {
      if (address !== undefined) failures.take(address, Date.now());
      return authError('invalid_client', 'unknown client, wrong secret, or the key is revoked or expired', 401, { 'www-authenticate': 'Basic realm="openadr3"' });
    }
    const scope = issued.principal.role === 'operator' ? 'read_all' : 'read_all write_reports write_subscriptions';
    const body = { access_token: issued.accessToken, token_type: 'Bearer', expires_in: issued.expiresIn, scope };
    return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json', ...NO_STORE } });
  });
}

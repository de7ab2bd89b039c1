// Shared by the /openadr3 routes (docs/openadr.md): their router (validation failures become the
// OpenADR problem body, application/json as the specification's responses declare it), the
// error mapping, and the Bearer access-token middleware (tokens from POST /openadr3/auth/token).
import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { createMiddleware } from 'hono/factory';
import { HTTPException } from 'hono/http-exception';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { OadrProblemSchema } from '../../openadr/objects';
import type { TokenIssuer } from '../../openadr/tokens';
import { MarketError } from '../../market/errors';
import { zodFieldErrors } from '../../market/field-errors';
import type { AppEnv } from '../env';
import { ProblemError } from '../problem';
import { TokenBuckets } from '../rate-limit';
import type { ProblemFieldError } from '../../../schemas/api/common';

const TITLES: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 409: 'Conflict', 413: 'Payload Too Large', 422: 'Unprocessable Entity', 429: 'Too Many Requests', 500: 'Internal Server Error', 503: 'Service Unavailable',
};

/** The OpenADR problem (type, title, status, detail, instance); field paths in `errors` for a 400. */
export function oadrProblem(c: Context, status: ContentfulStatusCode, detail: string, options: { errors?: ProblemFieldError[]; headers?: Record<string, string> } = {}): Response {
  const body = {
    type: `https://surplus-broker.dev/problems/openadr3/${status}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    instance: c.req.path,
    ...(options.errors && options.errors.length > 0 ? { errors: options.errors } : {}),
  };
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...options.headers } });
}

const MARKET_STATUS = { 'not-found': 404, conflict: 409, invalid: 400, forbidden: 403, unauthorized: 401 } as const;

/** `logError`: the app's error reporter (AppDeps.logError), for what the VTN did not expect. */
export function createOadrRouter(logError?: (message: string, error: unknown) => void) {
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (result.success) return undefined;
      const where = result.target === 'json' ? 'body' : result.target;
      return oadrProblem(c, 400, `the request ${where} is invalid`, { errors: zodFieldErrors(result.error.issues) });
    },
  });
  app.onError((error, c) => {
    if (error instanceof ProblemError) return oadrProblem(c, error.status, error.message, { errors: error.errors ?? [] });
    if (error instanceof MarketError) return oadrProblem(c, MARKET_STATUS[error.kind], error.message, { errors: error.errors ?? [] });
    if (error instanceof HTTPException && error.status < 500) return oadrProblem(c, error.status as 400, error.message || 'malformed request');
    // As the main app's onError: a 500 is a defect, and the log is where it is found.
    logError?.(`unhandled error in ${c.req.method} ${c.req.path}`, error);
    return oadrProblem(c, 500, 'internal error');
  });
  return app;
}

export type OadrRouter = ReturnType<typeof createOadrRouter>;

const BEARER = /^Bearer ([\x21-\x7e]{1,4096})$/;

/** Bearer access token → principal; 401 (spec problem, WWW-Authenticate) without a valid one.
 * `rateLimit`: the per-key limit /v1 applies (docs/security.md § Limits), here per keyId of the
 * token (its MAC checked, before the key is read), so a VEN's requests cost what an API client's do. */
export function tokenMiddleware(tokens: TokenIssuer, rateLimit?: { perSecond: number; burst: number }) {
  const buckets = rateLimit ? new TokenBuckets(rateLimit.perSecond, rateLimit.burst) : undefined;
  return createMiddleware<AppEnv>(async (c, next) => {
    const match = BEARER.exec(c.req.header('authorization') ?? '');
    const challenge = { headers: { 'www-authenticate': 'Bearer realm="openadr3"' } };
    if (!match) return oadrProblem(c, 401, 'send Authorization: Bearer <access token> (POST /openadr3/auth/token)', challenge);
    const invalid = () => oadrProblem(c, 401, 'the access token is invalid or expired, or its key was revoked', { headers: { 'www-authenticate': 'Bearer realm="openadr3", error="invalid_token"' } });
    const keyId = tokens.keyIdOf(match[1]!);
    if (keyId === undefined) return invalid();
    const wait = buckets?.take(keyId, Date.now()) ?? 0;
    if (wait > 0) return oadrProblem(c, 429, `rate limit of ${rateLimit!.perSecond} requests/s per key exceeded`, { headers: { 'retry-after': String(wait) } });
    const principal = await tokens.verify(match[1]!);
    if (!principal) return invalid();
    c.set('principal', principal);
    await next();
  });
}

/** VEN objects (events, reports, subscriptions, vens) belong to a bidder: an operator token is a 403. */
export const venOnly = createMiddleware<AppEnv>(async (c, next) => {
  if (c.get('principal').role !== 'bidder') return oadrProblem(c, 403, 'a bidder key\'s token is required (a VEN is a bidder)');
  await next();
});

/** A route's own body bound, below the app's 1 MiB (413 with Connection: close: the rest of the
 * body is never read, so the socket cannot carry another request). */
export const oadrBodyLimit = (maxSize: number) => bodyLimit({
  maxSize, onError: (c) => oadrProblem(c, 413, `the body exceeds ${maxSize} bytes`, { headers: { connection: 'close' } }),
});

/** Error responses for OpenAPI, by status. */
const content = { 'application/json': { schema: OadrProblemSchema } };
export const oadrProblems = {
  400: { description: 'Bad Request', content },
  401: { description: 'Missing, invalid or expired access token', content },
  403: { description: 'Forbidden', content },
  404: { description: 'Not Found', content },
  409: { description: 'Conflict', content },
  413: { description: 'Payload Too Large', content },
  429: { description: 'Too Many Requests (per-key rate limit; Retry-After)', content },
  503: { description: 'Service Unavailable: the write kept conflicting with others; send it again', content },
} as const;

export const oadrSecurity = [{ oadrBearer: [] as string[] }];

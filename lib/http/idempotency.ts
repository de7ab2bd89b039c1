// Idempotency-Key on POST (SPEC §4). The key is claimed with a conditional put BEFORE the work,
// so concurrent retries cannot both act; the first response is stored and replayed. Bids store
// it in the same transaction as the bid (IdempotencyContext.complete); other POSTs store it
// right after (a new API key's secret excepted: see IdempotencyOptions). Records expire by TTL after 24 h. A retry that arrives while the first request
// is still running waits up to ~3 s for its response, then gets 409 with Retry-After.
import { createHash, randomUUID } from 'node:crypto';
import { createMiddleware } from 'hono/factory';
import type { AppDeps, AppEnv } from './env';
import { problem, problemBody } from './problem';
import type { StoredResponse } from '../market/ports';

const KEY = /^[\x21-\x7e]{1,255}$/;
const LEASE_MS = 30_000;
const TTL_S = 24 * 3600;
const WAIT_MS = 3_000;
const POLL_MS = 50;

function replay(response: StoredResponse): Response {
  return new Response(response.body, { status: response.status, headers: { 'content-type': response.contentType, 'idempotent-replayed': 'true' } });
}

export interface IdempotencyOptions {
  /** For responses that carry a secret shown once (new API keys): the record stores, and
   * retries get, this problem instead of the secret — secrets are never stored in clear. */
  secretResponse?: (body: string) => { detail: string };
}

export function idempotencyMiddleware(deps: AppDeps, options: IdempotencyOptions = {}) {
  const store = deps.market.store.idempotency;
  return createMiddleware<AppEnv>(async (c, next) => {
    const key = c.req.header('idempotency-key');
    c.set('idempotency', undefined);
    if (key === undefined) return next();
    if (!KEY.test(key)) return problem(c, 400, 'Idempotency-Key must be 1..255 visible ASCII characters', [{ path: 'Idempotency-Key', message: 'invalid' }]);
    const body = await c.req.text();
    const requestHash = createHash('sha256').update(`${c.req.method} ${c.req.path}\n${c.req.header('content-type') ?? ''}\n${body}`).digest('hex');
    const scopeKey = `${c.get('principal').keyId}#${key}`;
    const token = randomUUID();
    const nowMs = deps.market.clock.now().getTime();
    const expiresAt = Math.floor(nowMs / 1000) + TTL_S;

    const claim = await store.claim(scopeKey, requestHash, token, nowMs, nowMs + LEASE_MS, expiresAt);
    if (!claim.claimed) {
      let existing = claim.existing;
      if (existing.requestHash !== requestHash) return problem(c, 422, 'this Idempotency-Key was used with another request', undefined, { slug: 'idempotency-key-reused' });
      for (let waited = 0; existing.state === 'pending' && waited < WAIT_MS; waited += POLL_MS) {
        await new Promise((r) => setTimeout(r, POLL_MS));
        existing = (await store.get(scopeKey)) ?? existing;
      }
      if (existing.state === 'done') return replay(existing.response);
      return problem(c, 409, 'a request with this Idempotency-Key is still in progress', undefined, { slug: 'idempotency-in-progress', headers: { 'retry-after': '1' } });
    }

    c.set('idempotency', {
      scopeKey, token,
      complete: (response) => ({ scopeKey, token, response }),
    });
    await next();
    if (c.res.status >= 200 && c.res.status < 300) {
      const body = await c.res.clone().text();
      const response = options.secretResponse
        ? { status: 409, contentType: 'application/problem+json', body: JSON.stringify(problemBody(409, c.req.path, options.secretResponse(body).detail, undefined, 'secret-shown-once')) }
        : { status: c.res.status, contentType: c.res.headers.get('content-type') ?? 'application/json', body };
      await store.complete({ scopeKey, token, response }, expiresAt);
    } else {
      // Failed requests change nothing, so they leave no record: the client may fix and retry.
      await store.release(scopeKey, token);
    }
  });
}

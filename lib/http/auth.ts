// Bearer API keys: 401 without or with an unknown key, 403 for a bidder on operator routes.
import { createMiddleware } from 'hono/factory';
import type { AppDeps, AppEnv } from './env';
import { problem } from './problem';
import { authenticate, hashKey } from '../market/keys';
import { TokenBuckets } from './rate-limit';

const BEARER = /^Bearer ([\x21-\x7e]{1,512})$/;
/** Failed authentications allowed per client address: a burst, then one a second. Guessing keys
 * then costs an attacker time, and past the burst costs the table no reads. */
export const AUTH_FAILURE_BURST = 20;
export const AUTH_FAILURES_PER_SECOND = 1;

export function authMiddleware(deps: AppDeps) {
  const buckets = deps.rateLimit ? new TokenBuckets(deps.rateLimit.perSecond, deps.rateLimit.burst) : undefined;
  const failures = new TokenBuckets(AUTH_FAILURES_PER_SECOND, AUTH_FAILURE_BURST);
  return createMiddleware<AppEnv>(async (c, next) => {
    const address = deps.clientAddress?.(c);
    const failedWait = address === undefined ? 0 : failures.peek(address, Date.now());
    if (failedWait > 0) return problem(c, 429, 'too many failed authentications from this address', undefined, { headers: { 'retry-after': String(failedWait) } });
    const match = BEARER.exec(c.req.header('authorization') ?? '');
    const challenge = { headers: { 'www-authenticate': 'Bearer' } };
    if (!match) return problem(c, 401, 'send Authorization: Bearer <api key>', undefined, challenge);
    // Limited per presented key, before the lookup, so a flood with one key costs no reads.
    const wait = buckets?.take(hashKey(match[1]!), Date.now()) ?? 0;
    if (wait > 0) return problem(c, 429, `rate limit of ${deps.rateLimit!.perSecond} requests/s per key exceeded`, undefined, { headers: { 'retry-after': String(wait) } });
    const authenticated = await authenticate(deps.market, match[1]!);
    if (!authenticated) {
      if (address !== undefined) failures.take(address, Date.now());
      return problem(c, 401, 'unknown API key', undefined, challenge);
    }
    c.set('principal', authenticated.principal);
    c.set('me', authenticated.me);
    await next();
  });
}

export const operatorOnly = createMiddleware<AppEnv>(async (c, next) => {
  if (c.get('principal').role !== 'operator') return problem(c, 403, 'operator key required');
  await next();
});

export const bidderOnly = createMiddleware<AppEnv>(async (c, next) => {
  if (c.get('principal').role !== 'bidder') return problem(c, 403, 'bidder key required');
  await next();
});

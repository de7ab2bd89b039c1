// Review finding: /openadr3 had no per-key rate limit (only /v1 did), so one VEN token could send
// unbounded requests, each of which reads up to 2,000 auctions. Now a token is limited per keyId
// (BROKER_RATE_LIMIT_*, default 50/s burst 100) and the token endpoint per presented secret, with
// 429 + Retry-After; other keys are unaffected.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthErrorSchema, OadrProblemSchema } from '../../../lib/openadr/objects';
import { createLifecycleHarness, NOW, type LifecycleHarness, type Market } from '../lifecycle/harness';
import { keyIdOf, oadrCall, tokenFor, venToken } from './support';

let h: LifecycleHarness;
let m: Market;
beforeAll(async () => {
  h = await createLifecycleHarness();
  h.clock.set(NOW);
  m = await h.setupAuction();
});
afterAll(async () => { await h.drop(); });

describe('per-key rate limit under /openadr3', () => {
  it('a burst past 100 requests with one key\'s token gets 429 problems with Retry-After; another key\'s token is not affected', async () => {
    const call = oadrCall(h.app);
    const token = await venToken(h.app, m.keys['miner-1']);
    const other = await venToken(h.app, m.keys['miner-2']);
    // In parallel, so that the burst is spent faster than it refills (50/s) on any machine.
    const answers = await Promise.all(Array.from({ length: 300 }, () => call('GET', '/openadr3/vens', token)));
    const ok = answers.filter((r) => r.status === 200).length;
    const limited = answers.filter((r) => r.status === 429);
    expect(ok + limited.length).toBe(300);
    expect(ok).toBeGreaterThanOrEqual(100);
    expect(limited.length).toBeGreaterThanOrEqual(50);
    expect(Number(limited[0]!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(OadrProblemSchema.parse(await limited[0]!.json()).status).toBe(429);
    expect((await call('GET', '/openadr3/vens', other)).status).toBe(200);
  });

  it('the token endpoint is limited per presented secret (before the key is read): wrong secrets for a keyId do not lock its owner out', async () => {
    const keyId = await keyIdOf(h.app, m.keys['tenant-1']);
    const wrong = await Promise.all(Array.from({ length: 150 }, () => tokenFor(h.app, keyId, 'sb_wrong_secret_000000000000000000000')));
    expect(wrong.every((r) => r.status === 401 || r.status === 429)).toBe(true);
    expect(wrong.filter((r) => r.status === 429).length).toBeGreaterThanOrEqual(1);
    expect((await tokenFor(h.app, keyId, m.keys['tenant-1'])).status).toBe(200);

    const answers = await Promise.all(Array.from({ length: 300 }, () => tokenFor(h.app, keyId, m.keys['tenant-1'])));
    const limited = answers.filter((r) => r.status === 429);
    expect(answers.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(99);
    expect(limited.length).toBeGreaterThanOrEqual(50);
    expect(limited[0]!.headers.get('retry-after')).toMatch(/^[1-9][0-9]*$/);
    expect(limited[0]!.headers.get('cache-control')).toBe('no-store');
    expect(AuthErrorSchema.parse(await limited[0]!.json()).error).toBe('invalid_request');
  });
});

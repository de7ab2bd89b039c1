// Guessing keys is throttled per client address (issue 13, finding 6): after a burst of failed
// authentications an address gets 429 without a table read; other addresses are unaffected.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, OPERATOR_KEY, type Harness } from './support/api';
import { AUTH_FAILURE_BURST } from '../../lib/http/auth';

describe('failed-authentication throttle', () => {
  let h: Harness;
  beforeAll(async () => { h = await createHarness({ clientAddress: (c) => c.req.header('x-test-client') }); });
  afterAll(async () => { await h.drop(); });

  it('refuses an address with 429 after the burst of unknown keys, and lets another address in', async () => {
    const from = (address: string, key: string) => h.call('GET', '/v1/me', { key, headers: { 'x-test-client': address } });
    const statuses: number[] = [];
    for (let i = 0; i < AUTH_FAILURE_BURST + 30; i++) statuses.push((await from('203.0.113.9', `sb_guess_${i}_0123456789abcdef`)).status);
    expect(statuses.slice(0, AUTH_FAILURE_BURST).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(AUTH_FAILURE_BURST).every((s) => s === 429)).toBe(true);
    const throttled = await from('203.0.113.9', OPERATOR_KEY);
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await from('198.51.100.20', OPERATOR_KEY)).status).toBe(200);
  });
});

import { describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import { generateWebhookSecret } from '../../../lib/notify/secret';
import { verifyWebhook, webhookHeaders } from '../../../lib/notify/signature';
import { backoffDelayMs, jitterFraction, nextAttempt, DEFAULT_RETRY_POLICY } from '../../../lib/notify/retry-policy';
import { WebhookRegistrationResponseSchema } from '../../../schemas/lifecycle';

const secret = 'whsec_' + 'A'.repeat(43);
const body = JSON.stringify({ eventId: 'e1', type: 'curtailment', mw: 12.5 });
const at = new Date('2026-12-01T00:00:00Z');

describe('webhook secrets', () => {
  it('are 32 random bytes, base64url, whsec_-prefixed, and different each time', () => {
    const a = generateWebhookSecret();
    const b = generateWebhookSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(a.slice(6), 'base64url')).toHaveLength(32);
    expect(a).not.toBe(b);
    expect(WebhookRegistrationResponseSchema.shape.secret.parse(a)).toBe(a);
  });
});

describe('webhook signatures', () => {
  it('follow the documented scheme: v1 = hex HMAC-SHA256(secret, `${t}.${body}`)', () => {
    const h = webhookHeaders(secret, 'e1', body, at);
    const t = 1796083200;
    expect(h['x-broker-timestamp']).toBe(String(t));
    expect(h['x-broker-event-id']).toBe('e1');
    expect(h['x-broker-signature']).toBe(`t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`);
  });

  it('round-trip: verify accepts what sign produced (plain record or Headers, any header case)', () => {
    const h = webhookHeaders(secret, 'e1', body, at);
    expect(verifyWebhook(secret, h, body, new Date(at.getTime() + 299_000))).toEqual({ ok: true, eventId: 'e1', timestamp: 1796083200 });
    const upper = Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toUpperCase(), v]));
    expect(verifyWebhook(secret, upper, body, at).ok).toBe(true);
    expect(verifyWebhook(secret, new Headers(h), body, at).ok).toBe(true);
  });

  it('rejects a tampered body, another secret, a forged timestamp and malformed headers', () => {
    const h = webhookHeaders(secret, 'e1', body, at);
    expect(verifyWebhook(secret, h, body.replace('12.5', '125'), at)).toEqual({ ok: false, reason: 'signature-mismatch' });
    expect(verifyWebhook(generateWebhookSecret(), h, body, at)).toEqual({ ok: false, reason: 'signature-mismatch' });
    const forged = { ...h, 'x-broker-signature': h['x-broker-signature']!.replace(/^t=\d+/, `t=${1796083200 + 60}`) };
    expect(verifyWebhook(secret, forged, body, at)).toEqual({ ok: false, reason: 'signature-mismatch' });
    expect(verifyWebhook(secret, { ...h, 'x-broker-signature': 'v1=abc' }, body, at)).toEqual({ ok: false, reason: 'malformed-signature' });
    expect(verifyWebhook(secret, {}, body, at)).toEqual({ ok: false, reason: 'missing-signature' });
    const { ['x-broker-event-id']: _drop, ...noId } = h;
    expect(verifyWebhook(secret, noId, body, at)).toEqual({ ok: false, reason: 'missing-event-id' });
  });

  it('rejects replays outside the tolerance (either direction)', () => {
    const h = webhookHeaders(secret, 'e1', body, at);
    expect(verifyWebhook(secret, h, body, new Date(at.getTime() + 301_000))).toEqual({ ok: false, reason: 'timestamp-outside-tolerance' });
    expect(verifyWebhook(secret, h, body, new Date(at.getTime() - 301_000))).toEqual({ ok: false, reason: 'timestamp-outside-tolerance' });
    expect(verifyWebhook(secret, h, body, new Date(at.getTime() + 50_000), 30).ok).toBe(false);
  });

  it('accepts any of several v1 signatures (secret rotation)', () => {
    const h = webhookHeaders(secret, 'e1', body, at);
    const other = webhookHeaders(generateWebhookSecret(), 'e1', body, at)['x-broker-signature']!.split(',')[1];
    expect(verifyWebhook(secret, { ...h, 'x-broker-signature': `${h['x-broker-signature']},${other}` }, body, at).ok).toBe(true);
  });
});

describe('retry policy', () => {
  const policy = { baseDelayMs: 30_000, maxDelayMs: 3_600_000, maxAttempts: 12 };
  it('is exponential with equal jitter, capped, and deterministic per event', () => {
    for (let attempt = 1; attempt <= 12; attempt++) {
      const exp = Math.min(3_600_000, 30_000 * 2 ** (attempt - 1));
      const d = backoffDelayMs(attempt, 'evt-1', policy);
      expect(d).toBeGreaterThanOrEqual(exp / 2);
      expect(d).toBeLessThan(exp);
      expect(backoffDelayMs(attempt, 'evt-1', policy)).toBe(d);
    }
    expect(backoffDelayMs(3, 'evt-1', policy)).toBe(Math.floor(60_000 + 60_000 * jitterFraction('evt-1', 3)));
    const spread = new Set(['a', 'b', 'c', 'd', 'e'].map((id) => backoffDelayMs(4, id, policy)));
    expect(spread.size).toBe(5);
  });
  it('gives the next attempt time, and gives up after maxAttempts', () => {
    const now = new Date('2026-12-01T00:00:00Z');
    const d = nextAttempt(1, 'evt-1', now, policy);
    expect(d).toEqual({ retry: true, nextAttemptAt: new Date(now.getTime() + backoffDelayMs(1, 'evt-1', policy)) });
    expect(nextAttempt(11, 'evt-1', now, policy).retry).toBe(true);
    expect(nextAttempt(12, 'evt-1', now, policy)).toEqual({ retry: false });
    expect(DEFAULT_RETRY_POLICY.maxAttempts).toBe(12);
  });
});

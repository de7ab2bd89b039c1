// Webhook signatures (docs/lifecycle.md § Webhooks), in the style of Stripe's:
//   X-Broker-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, `${t}.${body}`)>
//   X-Broker-Event-Id:  <event id>   (receivers dedupe by it; it is stable across retries)
//   X-Broker-Timestamp: <unix seconds> (the same t, for logging; the signed value is the one in the signature)
// The HMAC key is the secret string exactly as issued (UTF-8, including `whsec_`).
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-broker-signature';
export const EVENT_ID_HEADER = 'x-broker-event-id';
export const TIMESTAMP_HEADER = 'x-broker-timestamp';
export const DEFAULT_TOLERANCE_SECONDS = 300;

export function computeSignature(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
}

/** Headers of one delivery attempt; `now` gives the signed timestamp (whole seconds). */
export function webhookHeaders(secret: string, eventId: string, body: string, now: Date): Record<string, string> {
  const t = Math.floor(now.getTime() / 1000);
  return {
    'content-type': 'application/json',
    [SIGNATURE_HEADER]: `t=${t},v1=${computeSignature(secret, t, body)}`,
    [EVENT_ID_HEADER]: eventId,
    [TIMESTAMP_HEADER]: String(t),
  };
}

export type HeaderSource = Headers | Record<string, string | string[] | undefined>;

export type VerifyResult =
  | { ok: true; eventId: string; timestamp: number }
  | { ok: false; reason: 'missing-signature' | 'malformed-signature' | 'missing-event-id' | 'timestamp-outside-tolerance' | 'signature-mismatch' };

function header(h: HeaderSource, name: string): string | undefined {
  if (typeof (h as Headers).get === 'function') return (h as Headers).get(name) ?? undefined;
  const rec = h as Record<string, string | string[] | undefined>;
  const key = Object.keys(rec).find((k) => k.toLowerCase() === name);
  const v = key === undefined ? undefined : rec[key];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * Verifies a delivery: a v1 signature over `${t}.${body}` with this secret (several v1 entries
 * are allowed, e.g. during secret rotation), and |now − t| ≤ tolerance, which rejects replays of
 * old deliveries. Within the tolerance a receiver dedupes by the event id.
 */
export function verifyWebhook(
  secret: string, headers: HeaderSource, body: string, now: Date, toleranceSeconds = DEFAULT_TOLERANCE_SECONDS,
): VerifyResult {
  const sig = header(headers, SIGNATURE_HEADER);
  if (!sig) return { ok: false, reason: 'missing-signature' };
  let t: number | undefined;
  const v1: string[] = [];
  for (const part of sig.split(',')) {
    const eq = part.indexOf('=');
    const k = part.slice(0, eq).trim();
    const v = part.slice(eq + 1).trim();
    if (k === 't' && /^\d{1,12}$/.test(v)) t = Number(v);
    else if (k === 'v1' && /^[0-9a-f]{64}$/.test(v)) v1.push(v);
  }
  if (t === undefined || v1.length === 0) return { ok: false, reason: 'malformed-signature' };
  const eventId = header(headers, EVENT_ID_HEADER);
  if (!eventId) return { ok: false, reason: 'missing-event-id' };
  if (Math.abs(now.getTime() / 1000 - t) > toleranceSeconds) return { ok: false, reason: 'timestamp-outside-tolerance' };
  const expected = Buffer.from(computeSignature(secret, t, body), 'hex');
  const match = v1.some((s) => timingSafeEqual(Buffer.from(s, 'hex'), expected));
  return match ? { ok: true, eventId, timestamp: t } : { ok: false, reason: 'signature-mismatch' };
}

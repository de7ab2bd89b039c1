// One delivery attempt of a webhook: POST the fixed body, signed with the current time.
import type { Clock } from '../kernel/ports';
import { webhookHeaders } from './signature';

export type FetchLike = (url: string, init: { method: string; headers: Record<string, string>; body: string; redirect: 'manual'; signal: AbortSignal }) => Promise<{ status: number; body?: { cancel(): Promise<void> } | null }>;

export interface WebhookEvent {
  eventId: string;
  /** The exact JSON bytes to send (the same on every retry). */
  body: string;
  /** Extra headers of the target (never the signature headers, which are set last). */
  headers?: Record<string, string>;
}

export type DeliveryOutcome = { ok: true; status: number } | { ok: false; status?: number; error: string };

/** 2xx is success; anything else (3xx included: redirects are not followed), a network error or a timeout is a failure to retry. */
export async function deliverWebhook(
  url: string, secret: string, event: WebhookEvent,
  deps: { fetch: FetchLike; clock: Clock; timeoutMs?: number },
): Promise<DeliveryOutcome> {
  try {
    const res = await deps.fetch(url, {
      method: 'POST',
      headers: { ...event.headers, ...webhookHeaders(secret, event.eventId, event.body, deps.clock.now()), 'user-agent': 'surplus-broker-webhooks/1' },
      body: event.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(deps.timeoutMs ?? 10_000),
    });
    // The response body is never read; release the connection instead of leaving it to GC.
    await res.body?.cancel().catch(() => undefined);
    return res.status >= 200 && res.status < 300 ? { ok: true, status: res.status } : { ok: false, status: res.status, error: `HTTP ${res.status}` };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) };
  }
}

// The Hono environment shared by every sub-app, and the dependencies createApp receives.
import type { Context } from 'hono';
import type { Me, Principal } from '../../schemas/api/keys';
import type { MarketDeps, IdempotencyCompletion, StoredResponse } from '../market/ports';
import type { LifecycleServices } from '../lifecycle/services';
import type { ClearingTrigger } from '../lifecycle/clearing-trigger';
import type { LoggerPort, MetricsPort } from '../kernel/ports';
import type { SubscriptionStore } from '../openadr/subscriptions';

export interface AppDeps {
  market: MarketDeps;
  rateLimit?: { perSecond: number; burst: number } | undefined;
  /** Where unexpected errors are reported (never sent to the caller). */
  logError?: ((message: string, error: unknown) => void) | undefined;
  /** The auction lifecycle routes (clear, result, book, curtailments, events, webhook, settlement). */
  lifecycle?: (LifecycleServices & {
    logger: LoggerPort;
    metrics: MetricsPort;
    /** Woken after POST …/clear made an auction due; absent = the schedule's next tick clears it. */
    clearingTrigger?: ClearingTrigger | undefined;
  }) | undefined;
  /** The caller's network address, from the runtime's adapter (API Gateway's sourceIp, the
   * socket locally); undefined for in-process calls. Failed authentication is throttled by it. */
  clientAddress?: ((c: Context) => string | undefined) | undefined;
  /** Seals dashboard session cookies (BROKER_SESSION_SECRET); random per process when absent. */
  sessionSecret?: string | undefined;
  /** The OpenADR 3 VTN's own store (subscriptions); absent = no /openadr3/subscriptions. */
  openadr?: { subscriptions: SubscriptionStore } | undefined;
}

export interface IdempotencyContext {
  scopeKey: string;
  token: string;
  /** For writes that store their first response in their own transaction (bids). */
  complete(response: StoredResponse): IdempotencyCompletion;
}

export interface AppEnv {
  Variables: {
    principal: Principal;
    /** The presented key as GET /v1/me shows it (its use, and a replaced secret's grace end). */
    me: Me;
    idempotency: IdempotencyContext | undefined;
  };
}

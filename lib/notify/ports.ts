// Ports of the notice side beside the outbox (lib/notify/outbox.ts): webhook registrations and
// the per-bidder events feed. The DynamoDB adapters are in lib/store/repositories/.
import type { CurtailmentNotice } from '../../schemas/lifecycle';
import type { WebhookDirectory } from './outbox';

export interface WebhookRegistration { bidderId: string; url: string; secret: string; createdAt: string }

export interface WebhookRegistry extends WebhookDirectory {
  /** Replaces the bidder's registration (a new secret each time). */
  putWebhook(registration: WebhookRegistration): Promise<void>;
  /** The bidder's registration without its secret, or undefined. */
  getWebhook(bidderId: string): Promise<Omit<WebhookRegistration, 'secret'> | undefined>;
  /** Removes the registration; false when there was none. Notices still reach /v1/events. */
  deleteWebhook(bidderId: string): Promise<boolean>;
}

export interface EventsFeed {
  /** A bidder's notices oldest first; `nextCursor` points after the last one returned (or is the cursor sent when nothing is new). */
  listEvents(bidderId: string, page: { limit: number; cursor?: string | undefined }): Promise<{ events: CurtailmentNotice[]; nextCursor?: string | undefined }>;
}

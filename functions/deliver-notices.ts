// Lambda entry, scheduled every minute: pushes due webhook notices from the outbox (signed,
// retried with backoff, dead after the last attempt) — lib/composition/delivery.ts.
import { loadConfig } from '../lib/config';
import { createDeliveryHandler } from '../lib/composition/delivery';

export const handler = createDeliveryHandler(loadConfig());

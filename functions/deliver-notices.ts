// Lambda entry, scheduled every minute: pushes due webhook notices from the outbox (signed,
// retried with backoff, dead after the last attempt) — lib/composition/scheduler.ts.
import { loadConfig } from '../lib/config';
import { createDeliveryHandler } from '../lib/composition/scheduler';

export const handler = createDeliveryHandler(loadConfig());

// Exponential backoff with deterministic jitter: the schedule of one event is reproducible (no
// Math.random), while different events spread out instead of retrying in lockstep.
import { createHash } from 'node:crypto';

export interface RetryPolicy {
  baseDelayMs: number;
  maxDelayMs: number;
  /** Total attempts, the first one included; after the last failure the entry is dead. */
  maxAttempts: number;
}

/** 30 s, 1 min, 2 min … capped at 1 h, 12 attempts: about 6 h of retries before giving up. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { baseDelayMs: 30_000, maxDelayMs: 3_600_000, maxAttempts: 12 };

/** A fraction in [0, 1) from sha256(eventId:attempt). */
export function jitterFraction(eventId: string, attempt: number): number {
  return createHash('sha256').update(`${eventId}:${attempt}`).digest().readUInt32BE(0) / 2 ** 32;
}

/**
 * Delay after the `attempt`-th failed attempt (1-based): "equal jitter" — half of the capped
 * exponential delay fixed, the other half scaled by the jitter fraction.
 */
export function backoffDelayMs(attempt: number, eventId: string, policy: RetryPolicy = DEFAULT_RETRY_POLICY): number {
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(exp / 2 + (exp / 2) * jitterFraction(eventId, attempt));
}

export type RetryDecision = { retry: true; nextAttemptAt: Date } | { retry: false };

/** After `attempts` failed attempts at `now`: when to try again, or give up. */
export function nextAttempt(attempts: number, eventId: string, now: Date, policy: RetryPolicy = DEFAULT_RETRY_POLICY): RetryDecision {
  if (attempts >= policy.maxAttempts) return { retry: false };
  return { retry: true, nextAttemptAt: new Date(now.getTime() + backoffDelayMs(attempts, eventId, policy)) };
}

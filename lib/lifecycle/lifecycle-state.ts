// The lifecycle as a pure function of the stored auction and the time:
// open → closed (gate) → clearing (claimed) → cleared (published) → delivering (deliveryStart)
// → settled (delivery end); failed after the last clearing attempt.
import type { AuctionStatus, LifecycleTimestamps } from '../../schemas/lifecycle';
import type { AuctionRecord } from './ports';
import { deliveryEndMs, isoUtc } from '../kernel/interval-time';

export type LifecycleStep =
  | { kind: 'none' }
  | { kind: 'transition'; from: AuctionStatus; to: AuctionStatus; timestamps: Partial<LifecycleTimestamps> }
  /** Claim the auction and clear it (closed, or clearing whose lease expired). */
  | { kind: 'clear'; reclaim: boolean };

/** The next single step; apply it and ask again (an auction late by hours may take several). */
export function nextLifecycleState(a: AuctionRecord, now: Date): LifecycleStep {
  const t = now.getTime();
  switch (a.status) {
    case 'open':
      return t >= Date.parse(a.gateClosure)
        ? { kind: 'transition', from: 'open', to: 'closed', timestamps: { closedAt: isoUtc(Date.parse(a.gateClosure)) } }
        : { kind: 'none' };
    case 'closed':
      return { kind: 'clear', reclaim: false };
    case 'clearing': {
      const lease = a.clearing?.leaseUntil;
      return lease === undefined || Date.parse(lease) <= t ? { kind: 'clear', reclaim: true } : { kind: 'none' };
    }
    case 'cleared':
      return t >= Date.parse(a.deliveryStart)
        ? { kind: 'transition', from: 'cleared', to: 'delivering', timestamps: { deliveringAt: isoUtc(Date.parse(a.deliveryStart)) } }
        : { kind: 'none' };
    case 'delivering': {
      const end = deliveryEndMs(a);
      return t >= end
        ? { kind: 'transition', from: 'delivering', to: 'settled', timestamps: { settledAt: isoUtc(end) } }
        : { kind: 'none' };
    }
    case 'settled':
    case 'failed':
      return { kind: 'none' };
  }
}

/** The earliest time at which nextLifecycleState can change for this auction (for the store's due index). */
export function nextDueAt(a: AuctionRecord): string | undefined {
  switch (a.status) {
    case 'open': return a.gateClosure;
    case 'closed': return a.gateClosure;
    case 'clearing': return a.clearing?.leaseUntil ?? a.gateClosure;
    case 'cleared': return a.deliveryStart;
    case 'delivering': return isoUtc(deliveryEndMs(a));
    default: return undefined;
  }
}

export type ManualClearDecision =
  | { kind: 'close-and-clear'; closedAt: string; gateClosure: string }
  | { kind: 'clear' }
  | { kind: 'retry-failed' }
  | { kind: 'conflict'; reason: string };

/** `POST /v1/auctions/{id}/clear` (operator): what to do for this auction now. */
export function decideManualClear(a: AuctionRecord, now: Date, force: boolean): ManualClearDecision {
  const at = isoUtc(now.getTime());
  switch (a.status) {
    case 'open':
      if (now.getTime() >= Date.parse(a.gateClosure)) return { kind: 'close-and-clear', closedAt: isoUtc(Date.parse(a.gateClosure)), gateClosure: a.gateClosure };
      // The gate closes at this instant to the millisecond: a forecast or bid stored earlier in
      // the same second was stored before the gate (assembleBook compares with gateClosure).
      if (force) return { kind: 'close-and-clear', closedAt: at, gateClosure: now.toISOString() };
      return { kind: 'conflict', reason: `the gate closes at ${a.gateClosure}; send {"force": true} to close it now` };
    case 'closed':
      return { kind: 'clear' };
    case 'clearing':
      return nextLifecycleState(a, now).kind === 'clear' ? { kind: 'clear' } : { kind: 'conflict', reason: 'the auction is being cleared' };
    case 'failed':
      return force ? { kind: 'retry-failed' } : { kind: 'conflict', reason: `clearing failed (${a.failure?.reason ?? 'unknown'}); send {"force": true} to try again` };
    default:
      return { kind: 'conflict', reason: `the auction is already ${a.status}` };
  }
}

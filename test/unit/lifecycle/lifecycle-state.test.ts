import { describe, expect, it } from 'vitest';
import { decideManualClear, nextDueAt, nextLifecycleState } from '../../../lib/lifecycle/lifecycle-state';
import fc from 'fast-check';
import { auction } from './fixtures';

const at = (iso: string) => new Date(iso);

describe('nextLifecycleState', () => {
  it('open → closed at gate closure (closedAt = the gate time)', () => {
    expect(nextLifecycleState(auction(), at('2026-11-30T21:59:59Z'))).toEqual({ kind: 'none' });
    expect(nextLifecycleState(auction(), at('2026-11-30T22:00:30Z'))).toEqual({ kind: 'transition', from: 'open', to: 'closed', timestamps: { closedAt: '2026-11-30T22:00:00Z' } });
  });
  it('closed → clear; clearing → clear again only once the lease has expired', () => {
    expect(nextLifecycleState(auction({ status: 'closed' }), at('2026-11-30T22:01:00Z'))).toEqual({ kind: 'clear', reclaim: false });
    const clearing = auction({ status: 'clearing', clearing: { owner: 'x', leaseUntil: '2026-11-30T22:05:00Z', attempts: 1 } });
    expect(nextLifecycleState(clearing, at('2026-11-30T22:04:59Z'))).toEqual({ kind: 'none' });
    expect(nextLifecycleState(clearing, at('2026-11-30T22:05:00Z'))).toEqual({ kind: 'clear', reclaim: true });
  });
  it('cleared → delivering at deliveryStart → settled at delivery end', () => {
    expect(nextLifecycleState(auction({ status: 'cleared' }), at('2026-11-30T23:59:59Z'))).toEqual({ kind: 'none' });
    expect(nextLifecycleState(auction({ status: 'cleared' }), at('2026-12-01T00:00:00Z'))).toMatchObject({ to: 'delivering', timestamps: { deliveringAt: '2026-12-01T00:00:00Z' } });
    expect(nextLifecycleState(auction({ status: 'delivering' }), at('2026-12-01T00:59:59Z'))).toEqual({ kind: 'none' });
    expect(nextLifecycleState(auction({ status: 'delivering' }), at('2026-12-01T01:00:00Z'))).toMatchObject({ to: 'settled', timestamps: { settledAt: '2026-12-01T01:00:00Z' } });
  });
  it('settled and failed are final', () => {
    expect(nextLifecycleState(auction({ status: 'settled' }), at('2030-01-01T00:00:00Z'))).toEqual({ kind: 'none' });
    expect(nextLifecycleState(auction({ status: 'failed' }), at('2030-01-01T00:00:00Z'))).toEqual({ kind: 'none' });
  });
  it('nextDueAt names when each state can next change', () => {
    expect(nextDueAt(auction())).toBe('2026-11-30T22:00:00Z');
    expect(nextDueAt(auction({ status: 'cleared' }))).toBe('2026-12-01T00:00:00Z');
    expect(nextDueAt(auction({ status: 'delivering' }))).toBe('2026-12-01T01:00:00Z');
    expect(nextDueAt(auction({ status: 'settled' }))).toBeUndefined();
  });
  it('nextDueAt is exactly when nextLifecycleState stops being none (the due index relies on it)', () => {
    const statuses = ['open', 'closed', 'cleared', 'delivering', 'settled', 'failed'] as const;
    const gate = Date.parse('2026-11-30T22:00:00Z');
    fc.assert(fc.property(fc.constantFrom(...statuses), fc.integer({ min: -3 * 3_600_000, max: 6 * 3_600_000 }), (status, offset) => {
      const a = auction({ status });
      const now = new Date(gate + offset);
      const due = nextDueAt(a);
      const state = nextLifecycleState(a, now);
      if (status === 'closed') return state.kind === 'clear';
      if (due === undefined) return state.kind === 'none';
      return (state.kind !== 'none') === (now.getTime() >= Date.parse(due));
    }), { numRuns: 500, seed: 7 });
  });
});

describe('decideManualClear', () => {
  const before = at('2026-11-30T21:00:00Z');
  it('before the gate: 409 unless force, which closes the gate now', () => {
    expect(decideManualClear(auction(), before, false).kind).toBe('conflict');
    expect(decideManualClear(auction(), before, true)).toEqual({ kind: 'close-and-clear', closedAt: '2026-11-30T21:00:00Z', gateClosure: '2026-11-30T21:00:00.000Z' });
    // Milliseconds kept: a forecast stored at …00.400Z is before a gate forced shut at …00.500Z.
    expect(decideManualClear(auction(), new Date('2026-11-30T21:00:00.500Z'), true)).toMatchObject({ gateClosure: '2026-11-30T21:00:00.500Z' });
  });
  it('after the gate: close at the scheduled time and clear', () => {
    expect(decideManualClear(auction(), at('2026-11-30T22:00:10Z'), false)).toEqual({ kind: 'close-and-clear', closedAt: '2026-11-30T22:00:00Z', gateClosure: '2026-11-30T22:00:00Z' });
  });
  it('being cleared, already cleared, failed', () => {
    const clearing = auction({ status: 'clearing', clearing: { owner: 'x', leaseUntil: '2026-11-30T22:05:00Z', attempts: 1 } });
    expect(decideManualClear(clearing, at('2026-11-30T22:01:00Z'), true).kind).toBe('conflict');
    expect(decideManualClear(clearing, at('2026-11-30T22:06:00Z'), false).kind).toBe('clear');
    expect(decideManualClear(auction({ status: 'cleared' }), before, true).kind).toBe('conflict');
    expect(decideManualClear(auction({ status: 'failed', failure: { reason: 'x', attempts: 3 } }), before, false).kind).toBe('conflict');
    expect(decideManualClear(auction({ status: 'failed' }), before, true).kind).toBe('retry-failed');
  });
});

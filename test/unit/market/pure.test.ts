import { describe, expect, it } from 'vitest';
import { zodFieldErrors } from '../../../lib/market/field-errors';
import { formatPath } from '../../../lib/kernel/field-path';
import { auctionView, gateOpen } from '../../../lib/market/auctions';
import type { AuctionRecord } from '../../../lib/market/ports';
import { BidInputSchema } from '../../../schemas/api/bids';

const auction: AuctionRecord = {
  id: 'auc_1', zone: 'Z', deliveryStart: '2026-12-01T00:00:00.000Z', intervalMinutes: 15, intervalCount: 4,
  gateClosure: '2026-11-30T23:00:00.000Z', pricing: 'uniform', currency: 'USD', status: 'open',
  createdAt: '2026-11-30T00:00:00.000Z', updatedAt: '2026-11-30T00:00:00.000Z',
};

describe('field paths', () => {
  it('format like steps[0].mw', () => {
    expect(formatPath(['steps', 0, 'workload', 'model'])).toBe('steps[0].workload.model');
    expect(formatPath([])).toBe('');
    expect(formatPath([2, 'a'])).toBe('[2].a');
  });
  it('name each unknown field', () => {
    const result = BidInputSchema.safeParse({ type: 'curve', from: 0, to: 1, steps: [{ mw: 1, price: 1, a: 1, b: 2 }] });
    expect(result.success === false && zodFieldErrors(result.error.issues)).toEqual([
      { path: 'steps[0].a', message: 'unknown field' }, { path: 'steps[0].b', message: 'unknown field' },
    ]);
  });
});

describe('auction status on read', () => {
  it('is open before the gate, closed from the gate instant on', () => {
    expect(auctionView(auction, new Date('2026-11-30T22:59:59.999Z')).status).toBe('open');
    expect(auctionView(auction, new Date('2026-11-30T23:00:00.000Z')).status).toBe('closed');
    expect(gateOpen(auction, new Date('2026-11-30T23:00:00.000Z'))).toBe(false);
  });
  it('keeps every later stored status as it is', () => {
    for (const status of ['clearing', 'cleared', 'delivering', 'settled', 'failed'] as const) {
      expect(auctionView({ ...auction, status }, new Date('2026-11-30T00:00:00Z')).status).toBe(status);
      expect(gateOpen({ ...auction, status }, new Date('2026-11-30T00:00:00Z'))).toBe(false);
    }
  });
});

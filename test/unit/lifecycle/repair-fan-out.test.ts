// One unreadable curtailment record must not stop the repair of the others (issue 13, finding 1).
import { describe, expect, it } from 'vitest';
import { repairFanOut, type FanOutStore } from '../../../lib/lifecycle/repair-fan-out';
import type { CurtailmentRecord } from '../../../schemas/lifecycle';

const record = (auctionId: string): CurtailmentRecord => ({
  auctionId, version: 1, requestedBy: 'operator', at: '2026-11-30T12:00:00Z', minNoticeSeconds: 0, intervals: [], dispatch: { version: 1, mw: [] }, notices: [],
} as unknown as CurtailmentRecord);

describe('repairFanOut', () => {
  it('isolates a poison record: logs it, counts FanOutRepairFailed, repairs the rest', async () => {
    const published: string[] = [];
    const store: FanOutStore = {
      listPendingFanOut: async () => ['POISON', 'A', 'B'].map((auctionId) => ({ auctionId, version: 1, at: '2026-11-30T12:00:00Z' })),
      readCurtailmentNotices: async (auctionId) => {
        if (auctionId === 'POISON') throw new Error('stored item fails its schema');
        return record(auctionId);
      },
      publishNotices: async (r) => { published.push(r.auctionId); },
    };
    const metrics: string[] = [];
    const errors: string[] = [];
    const repaired = await repairFanOut({
      store, directory: { webhookFor: async () => undefined }, clock: { now: () => new Date('2026-11-30T13:00:00Z') },
      metrics: { addMetric: (name) => { metrics.push(name); } },
      logger: { info: () => undefined, warn: () => undefined, error: (m) => { errors.push(m); } },
    });
    expect(repaired).toBe(2);
    expect(published).toEqual(['A', 'B']);
    expect(metrics).toEqual(['FanOutRepairFailed']);
    expect(errors).toHaveLength(1);
  });
});

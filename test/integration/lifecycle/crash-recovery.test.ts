// A crash after every possible number of item writes of a clearing run (through the
// fault-injection wrapper around the real DynamoDB client): readers never see a partial result
// (GET …/result is 409 or the whole bytes), and the next run publishes exactly the bytes of a
// clean run. Both crash modes: the write refused, and the write applied with its answer lost.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assembleBook } from '../../../lib/lifecycle/assemble-book';
import { createLifecycleHarness, GATE, LIFECYCLE_CONFIG, NOW, type LifecycleHarness } from './harness';
import { withFaults, type FaultPlan } from './fault-injection';

const plan: FaultPlan = { budget: undefined, mode: 'before', writes: 0 };
let h: LifecycleHarness;
beforeAll(async () => {
  process.env.QUIET_LIFECYCLE_ERRORS = '1';
  // Tiny chunks: the book and the result span many items and several BatchWrites.
  h = await createLifecycleHarness({ wrapDoc: (doc) => withFaults(doc, plan), storeOptions: { chunkBytes: 48 } });
});
afterAll(async () => { delete process.env.QUIET_LIFECYCLE_ERRORS; await h.drop(); });

async function cleanReference(auctionId: string): Promise<string> {
  const inputs = await h.services.store.readBookInputs(auctionId);
  const book = assembleBook(inputs.auction, inputs.forecasts, inputs.bids);
  return h.engine.serialize(await h.engine.clear(book, { timeLimitMs: 20_000 }));
}

async function readerSees(auctionId: string, reference: string): Promise<'none' | 'whole'> {
  const res = await h.call('GET', `/v1/auctions/${auctionId}/result`);
  const body = await res.text();
  if (res.status === 409) return 'none';
  expect(res.status).toBe(200);
  expect(body).toBe(reference);
  return 'whole';
}

async function armedTick(budget: number, mode: FaultPlan['mode']) {
  Object.assign(plan, { budget, mode, writes: 0 });
  try { return await h.tick(`crashing-${mode}-${budget}`); } finally { plan.budget = undefined; }
}

describe('crash at every write of a clearing run', () => {
  it('readers see no result or the whole one, and concurrent readers during a clean run agree', async () => {
    h.clock.set(NOW);
    const { auctionId } = await h.setupAuction();
    h.clock.set(new Date(Date.parse(GATE) + 1_000));
    const reference = await cleanReference(auctionId);
    plan.writes = 0;
    let done = false;
    const seen: string[] = [];
    const readers = (async () => { while (!done) seen.push(await readerSees(auctionId, reference)); })();
    await h.tick('clean');
    done = true;
    await readers;
    seen.push(await readerSees(auctionId, reference));
    expect(seen.at(-1)).toBe('whole');
    expect(plan.writes).toBeGreaterThan(10); // the run really spans many item writes
  });

  for (const mode of ['before', 'after'] as const) {
    it(`mode ${mode}: for every k, a crash after k writes leaves nothing partial and the next run publishes the clean bytes`, async () => {
      // Count the writes of one clean run first.
      h.clock.set(NOW);
      const probe = await h.setupAuction();
      h.clock.set(new Date(Date.parse(GATE) + 1_000));
      plan.writes = 0;
      await h.tick('probe');
      const total = plan.writes;
      expect(await readerSees(probe.auctionId, await cleanReference(probe.auctionId))).toBe('whole');

      const published: boolean[] = [];
      for (let k = 0; k < total; k++) {
        h.clock.set(NOW);
        const { auctionId } = await h.setupAuction();
        h.clock.set(new Date(Date.parse(GATE) + 1_000));
        const reference = await cleanReference(auctionId);
        await armedTick(k, mode);
        published.push((await readerSees(auctionId, reference)) === 'whole');
        // The next invocations (after the crashed run's lease expired) finish the job.
        for (let i = 0; i < 3 && (await readerSees(auctionId, reference)) === 'none'; i++) {
          h.clock.advance(LIFECYCLE_CONFIG.leaseMs + 1_000);
          await h.tick(`recover-${k}-${i}`);
        }
        expect(await readerSees(auctionId, reference), `k = ${k}`).toBe('whole');
        const auction = await h.services.store.getAuction(auctionId);
        expect(auction?.status, `k = ${k}`).toBe('cleared');
      }
      // Crashes before the publication left nothing visible; only the last writes come after it.
      expect(published.slice(0, total - 2).every((p) => !p)).toBe(true);
    }, 300_000);
  }
});

// Orphaned chunk sets (issue 9): a result and a book that no pointer references — what an
// outraced or crashed run leaves behind — are deleted by the clearing tick an hour after they
// were written; the published book and result, and anything of an auction not yet published,
// are never touched.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { createHash } from 'node:crypto';
import { ResultSchema } from '../../../schemas/result';
import { createLifecycleHarness, GATE, NOW, type LifecycleHarness } from './harness';
import { ORPHAN_AGE_MS } from '../../../lib/lifecycle/scheduled-ticks';

let h: LifecycleHarness;
beforeAll(async () => { h = await createLifecycleHarness({ storeOptions: { chunkBytes: 200 } }); });
afterAll(async () => { await h.drop(); });

async function pks(prefix: string): Promise<string[]> {
  const out = await h.table.doc.send(new ScanCommand({ TableName: h.table.tableName }));
  return [...new Set((out.Items ?? []).map((i) => String(i.pk)).filter((pk) => pk.startsWith(prefix)))].sort();
}

describe('orphaned chunk sweep', () => {
  it('deletes an unreferenced result and book after an hour, keeps the published ones and the undecided', async () => {
    h.clock.set(NOW);
    const { auctionId } = await h.setupAuction();
    const other = await h.setupAuction();
    h.clock.set(new Date(Date.parse(GATE) + 1_000));
    const first = await h.tick('clean');
    expect(first.runs.filter((r) => r.clear?.kind === 'published').map((r) => r.auctionId).sort()).toEqual([auctionId, other.auctionId].sort());

    const served = await h.call('GET', `/v1/auctions/${auctionId}/result`);
    const publishedBytes = await served.text();
    const published = ResultSchema.parse(JSON.parse(publishedBytes));
    // What a run that lost its race would have stored: another result for the same book, another book.
    const outraced = h.engine.serialize({ ...published, welfare: published.welfare + 1 });
    const outracedSha = createHash('sha256').update(outraced).digest('hex');
    await h.services.store.saveResult(auctionId, { inputDigest: published.inputDigest, resultSha256: outracedSha }, outraced);
    await h.services.store.saveBook(auctionId, 'sha256:' + 'f'.repeat(64), '{"stale":true}');
    const orphanResult = `AUCTION#${auctionId}#RESULT#${published.inputDigest}#${outracedSha}`;
    const orphanBook = `AUCTION#${auctionId}#BOOK#sha256:${'f'.repeat(64)}`;
    expect((await pks(orphanResult)).length).toBeGreaterThan(2); // chunks, the index head and shards
    expect(await pks(orphanBook)).toEqual([orphanBook]);

    // Within the hour: nothing is looked at.
    h.clock.set(new Date(Date.parse(GATE) + ORPHAN_AGE_MS / 2));
    expect((await h.tick('early')).orphanedBlobsRemoved).toBe(0);
    expect((await pks(orphanResult)).length).toBeGreaterThan(2);

    h.clock.set(new Date(Date.parse(GATE) + 2 * ORPHAN_AGE_MS));
    const swept = await h.tick('sweep');
    expect(swept.orphanedBlobsRemoved).toBe(2);
    expect(await pks(orphanResult)).toEqual([]);
    expect(await pks(orphanBook)).toEqual([]);
    expect(h.metrics.count('OrphanedBlobsRemoved')).toBe(2);
    // The published files are whole, for the operator and for one bidder's index.
    expect(await (await h.call('GET', `/v1/auctions/${auctionId}/result`)).text()).toBe(publishedBytes);
    expect((await h.call('GET', `/v1/auctions/${auctionId}/book`)).status).toBe(200);
    expect((await h.call('GET', `/v1/auctions/${other.auctionId}/result`)).status).toBe(200);
    // Every marker was decided: a later sweep finds nothing.
    expect(await h.services.store.sweepOrphanedBlobs(new Date(Date.parse(GATE) + 10 * ORPHAN_AGE_MS), 100)).toEqual({ removed: 0, referenced: 0, undecided: 0 });
  });

  it('leaves the chunks of an auction that is not published yet (a failed run may be retried)', async () => {
    h.clock.set(NOW);
    const { auctionId } = await h.setupAuction();
    await h.services.store.saveBook(auctionId, 'sha256:' + 'e'.repeat(64), '{"pending":true}');
    h.clock.set(new Date(Date.parse(NOW) + 2 * ORPHAN_AGE_MS)); // before its gate: still open
    const swept = await h.services.store.sweepOrphanedBlobs(h.clock.now(), 100);
    expect(swept.undecided).toBeGreaterThanOrEqual(1);
    expect(swept.removed).toBe(0);
    expect(await pks(`AUCTION#${auctionId}#BOOK#`)).toEqual([`AUCTION#${auctionId}#BOOK#sha256:${'e'.repeat(64)}`]);
  });
});

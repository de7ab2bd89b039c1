// How curtailment records are stored and read back, against DynamoDB Local: gzip-compressed
// record blobs, records stored plain by earlier versions still read, and the per-process cache of
// parsed published auctions and dispatches never hiding another instance's commit.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { curtailAuction } from '../../../lib/lifecycle/curtail-auction';
import { curtail } from '../../../lib/lifecycle/curtail';
import { dispatchFromResult } from '../../../lib/lifecycle/dispatch';
import { createDynamoDbLifecycleStore } from '../../../lib/store/dynamodb-lifecycle-store';
import { writeBlob, sha256Hex } from '../../../lib/store/blob';
import { lifecycleKeys } from '../../../lib/store/keys';
import { getItem, tableOf } from '../../../lib/store/table';
import type { CurtailmentRecord } from '../../../schemas/lifecycle';
import { createLifecycleHarness, GATE, NOW, type LifecycleHarness } from './harness';

let h: LifecycleHarness;
beforeAll(async () => { h = await createLifecycleHarness(); });
afterAll(async () => { await h.drop(); });
beforeEach(() => { h.clock.set(NOW); });

async function clearedAuction(): Promise<string> {
  const m = await h.setupAuction();
  h.clock.set(new Date(Date.parse(GATE) + 1_000));
  expect((await h.tick()).runs.find((r) => r.auctionId === m.auctionId)?.clear?.kind).toBe('published');
  return m.auctionId;
}

/** Another process on the same table: its own caches. */
const otherInstance = () => createDynamoDbLifecycleStore(h.table.doc, h.table.tableName);
const noHooks = { webhookFor: async () => undefined };

async function cut(store: ReturnType<typeof otherInstance>, auctionId: string, index: number, surplusMw: number) {
  const out = await curtailAuction({ store, directory: noHooks, clock: h.clock }, auctionId, { intervals: [{ index, surplusMw }] });
  if (out.kind !== 'applied') throw new Error(JSON.stringify(out));
  await out.finishFanOut?.();
  return out;
}

describe('curtailment records in DynamoDB', () => {
  it('stores the record gzip-compressed and reads it back whole', async () => {
    const id = await clearedAuction();
    const store = otherInstance();
    const out = await cut(store, id, 2, 100);
    const commit = await getItem(tableOf(h.table.doc, h.table.tableName), lifecycleKeys.curtailment(id, 1));
    expect(commit).toMatchObject({ encoding: 'gzip' });
    expect(commit!.bytes).toBeLessThan(JSON.stringify(out.record).length);
    expect(await otherInstance().readCurtailment(id, 1)).toEqual(out.record);
  });

  it('reads a record stored plain (before compression) and curtails on from it', async () => {
    const id = await clearedAuction();
    const store = otherInstance();
    const first = await cut(store, id, 2, 100);
    // Rewrite version 1 as an earlier version stored it: plain JSON, no `encoding` on the commit.
    const table = tableOf(h.table.doc, h.table.tableName);
    const json = JSON.stringify(first.record);
    const sha256 = sha256Hex(json);
    const ref = await writeBlob(table, lifecycleKeys.curtailmentChunks(id, 1, sha256), json);
    const item = await getItem(table, lifecycleKeys.curtailment(id, 1));
    const { encoding: _gone, ...plain } = item!;
    await h.table.doc.send(new PutCommand({ TableName: h.table.tableName, Item: { ...plain, ...ref } }));

    const fresh = otherInstance();
    expect(await fresh.readCurtailment(id, 1)).toEqual(first.record);
    expect((await fresh.readPublished(id))?.dispatch).toEqual(first.record!.dispatch);
    const second = await cut(fresh, id, 3, 50);
    expect(second.response).toMatchObject({ dispatchVersion: 2, changed: true });
  });

  it('two instances each see the curtailments the other committed (caches are by content, never stale)', async () => {
    const id = await clearedAuction();
    const a = otherInstance();
    const b = otherInstance();
    await a.readPublished(id); // both warm on version 0
    await b.readPublished(id);
    const one = await cut(a, id, 2, 100);
    expect((await b.readPublished(id))?.dispatch).toEqual(one.record!.dispatch);
    const two = await cut(b, id, 2, 40);
    expect(two.response.dispatchVersion).toBe(2);
    const seenByA = await a.readPublished(id);
    expect(seenByA?.dispatch).toEqual(two.record!.dispatch);
    // A's stale view would have answered 409 here (version 2 exists); it builds version 3.
    expect((await cut(a, id, 2, 10)).response.dispatchVersion).toBe(3);
  });

  it('a curtailment reads the lean base stored beside the result index, or the book and result of an index without one', async () => {
    const id = await clearedAuction();
    const table = tableOf(h.table.doc, h.table.tableName);
    const full = await otherInstance().readPublished(id);
    const c = full!.auction.clearing!;
    const key = { inputDigest: c.inputDigest!, resultSha256: c.resultSha256! };
    const headPk = lifecycleKeys.resultIndexHead(id, key.inputDigest, key.resultSha256);
    const head = await getItem(table, { pk: headPk, sk: lifecycleKeys.chunk(0) });
    expect(JSON.parse(Buffer.from(head!.data as Uint8Array).toString('utf8')).curtailmentBase).toMatchObject({ bytes: expect.any(Number), sha256: expect.any(String) });
    const base = await getItem(table, { pk: lifecycleKeys.curtailmentBase(id, key.inputDigest, key.resultSha256), sk: lifecycleKeys.chunk(0) });
    expect(base).toBeDefined();

    const fromBase = await otherInstance().readCurtailmentInputs(id);
    expect(fromBase!.dispatch).toEqual(dispatchFromResult(full!.book, full!.result));
    expect(fromBase!.book.bids.map((b) => b.id)).toEqual(full!.book.bids.map((b) => b.id));

    // An index written before the base existed: its head has no reference → the files are read.
    const { curtailmentBase: _gone, ...oldHead } = JSON.parse(Buffer.from(head!.data as Uint8Array).toString('utf8')) as Record<string, unknown>;
    await writeBlob(table, headPk, JSON.stringify(oldHead));
    const fromFiles = await otherInstance().readCurtailmentInputs(id);
    expect(fromFiles).toEqual(fromBase);
    // Both curtail to the same record bytes.
    const viaFiles = await cut(otherInstance(), id, 2, 100);
    expect(JSON.stringify(curtail({ book: fromBase!.book, dispatch: fromBase!.dispatch, revisions: [{ index: 2, surplusMw: 100 }], noticeTime: h.clock.now() }).notices))
      .toBe(JSON.stringify(viaFiles.record!.notices));

    // A base whose chunks were damaged is an error, not a silent other answer.
    await writeBlob(table, headPk, JSON.stringify({ ...oldHead, curtailmentBase: { bytes: 5, sha256: '0'.repeat(64) } }));
    await expect(otherInstance().readCurtailmentInputs(id)).rejects.toThrow(/incomplete/);
  });
});

// Issue 9: each curtailment version stores its dispatch as the delta of the rows it changed, and
// a new instance rebuilds the latest dispatch from the curtailment base and the chain of deltas.
// Against DynamoDB Local: a chain of 4 versions rebuilds exactly (against curtail() run in
// memory), and every public answer after them — curtailment list and status, settlement JSON and
// CSV, results, the public auction — is byte-identical whether the records are stored as deltas,
// whole (as before issue 9), or mixed; a curtailment then continues from a whole record; an
// instance rebuilds from the newest version it holds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gunzipSync, gzipSync } from 'node:zlib';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { curtail } from '../../../lib/lifecycle/curtail';
import { curtailAuction } from '../../../lib/lifecycle/curtail-auction';
import { dispatchFromResult } from '../../../lib/lifecycle/dispatch';
import { createDynamoDbLifecycleStore } from '../../../lib/store/dynamodb-lifecycle-store';
import { readBlobBytes, sha256Hex, writeBlob } from '../../../lib/store/blob';
import { lifecycleKeys } from '../../../lib/store/keys';
import { getItem, tableOf } from '../../../lib/store/table';
import { curtailmentCodec } from '../../../lib/store/items/curtailment-item';
import { loadConfig } from '../../../lib/config';
import { createApiRuntime } from '../../../lib/composition/api';
import { appCaller } from '../../support/app-caller';
import { sequentialIds } from '../../support/manual-ports';
import { StoredCurtailmentRecordSchema, type CurtailmentRecord, type Dispatch } from '../../../schemas/lifecycle';
import { testEngine } from './engine';
import { createLifecycleHarness, GATE, NOW, OPERATOR_KEY, quietLogger, type LifecycleHarness, type Market } from './harness';

let h: LifecycleHarness;
let m: Market;
beforeAll(async () => {
  h = await createLifecycleHarness();
  h.clock.set(NOW);
  m = await h.setupAuction();
  h.clock.set(new Date(Date.parse(GATE) + 1_000));
  expect((await h.tick()).runs.find((r) => r.auctionId === m.auctionId)?.clear?.kind).toBe('published');
});
afterAll(async () => { await h.drop(); });

const table = () => tableOf(h.table.doc, h.table.tableName);
/** Another process on the same table: its own caches. */
const otherStore = () => createDynamoDbLifecycleStore(h.table.doc, h.table.tableName);
/** Another API instance on the same table: nothing parsed, nothing cached. */
function otherApp() {
  const config = loadConfig({ TABLE_NAME: h.table.tableName, DYNAMODB_ENDPOINT: h.table.endpoint, AWS_REGION: 'local', BROKER_BOOTSTRAP_KEY: OPERATOR_KEY });
  const runtime = createApiRuntime(config, { doc: h.table.doc, clock: h.clock, ids: sequentialIds(), engine: testEngine, logger: quietLogger });
  return appCaller(runtime.app, OPERATOR_KEY);
}

const CUTS = [
  [{ index: 2, surplusMw: 100 }],
  [{ index: 3, surplusMw: 80 }, { index: 4, surplusMw: 60 }],
  [{ index: 2, surplusMw: 40 }], // an interval cut again: rows changed by version 1 change again
  [{ index: 5, surplusMw: 50 }, { index: 6, surplusMw: 100 }],
];

async function storedRecord(version: number): Promise<{ json: unknown; bytes: number }> {
  const item = await getItem(table(), lifecycleKeys.curtailment(m.auctionId, version));
  const commit = curtailmentCodec.decode(item!);
  const data = await readBlobBytes(table(), lifecycleKeys.curtailmentChunks(m.auctionId, version, commit.sha256), commit);
  return { json: JSON.parse(gunzipSync(data!).toString('utf8')), bytes: commit.bytes };
}

/** Stores version v as a record written before issue 9 did: the whole dispatch, gzip. */
async function rewriteWhole(record: CurtailmentRecord): Promise<void> {
  const data = gzipSync(JSON.stringify(record), { level: 1 });
  const sha256 = sha256Hex(data);
  const ref = await writeBlob(table(), lifecycleKeys.curtailmentChunks(record.auctionId, record.version, sha256), data);
  // An item written before issue 9: no reference to a dispatch delta blob.
  const { dispatchBytes: _b, dispatchSha256: _s, ...item } = (await getItem(table(), lifecycleKeys.curtailment(record.auctionId, record.version)))!;
  await h.table.doc.send(new PutCommand({ TableName: h.table.tableName, Item: { ...item, ...ref } }));
}

/** Every public answer that reads the curtailments, from a new instance: status, type, body. */
async function publicAnswers(): Promise<string[]> {
  const call = otherApp();
  const id = m.auctionId;
  const asOperator = [
    `/v1/auctions/${id}/curtailments`, `/v1/auctions/${id}/curtailments?after=1&limit=2`,
    ...CUTS.map((_, i) => `/v1/auctions/${id}/curtailments/${i + 1}`),
    `/v1/auctions/${id}/settlement`, `/v1/auctions/${id}/settlement?bidder=miner-2`, `/v1/auctions/${id}/settlement?limit=5`,
    `/v1/auctions/${id}/result`, `/public/auctions/${id}`, `/v1/auctions/${id}`,
  ];
  const out: string[] = [];
  const answer = async (path: string, key: string, accept?: string) => {
    const res = await call('GET', path, { key, ...(accept ? { headers: { accept } } : {}) });
    out.push(`${key === OPERATOR_KEY ? 'operator' : 'bidder'} ${accept ?? ''} ${path} → ${res.status} ${res.headers.get('content-type')}\n${await res.text()}`);
  };
  for (const path of asOperator) await answer(path, OPERATOR_KEY);
  await answer(`/v1/auctions/${id}/settlement`, OPERATOR_KEY, 'text/csv');
  for (const bidder of ['miner-1', 'miner-2', 'tenant-1'] as const) {
    for (const path of [`/v1/auctions/${id}/curtailments`, `/v1/auctions/${id}/settlement`, `/v1/auctions/${id}/result`]) await answer(path, m.keys[bidder]);
    await answer(`/v1/auctions/${id}/settlement`, m.keys[bidder], 'text/csv');
  }
  return out;
}

describe('curtailment versions stored as dispatch deltas (DynamoDB Local)', () => {
  const expected: { dispatch: Dispatch; notices: string }[] = [];
  let deltaAnswers: string[];

  it('commits each version as the delta of the rows it changed, and a new instance rebuilds every version exactly', async () => {
    const published = await otherStore().readPublished(m.auctionId);
    let dispatch = dispatchFromResult(published!.book, published!.result);
    for (const [i, intervals] of CUTS.entries()) {
      h.clock.set(new Date(Date.parse(GATE) + 60_000 * (i + 1)));
      const res = await h.call('POST', `/v1/auctions/${m.auctionId}/curtailments`, { json: { intervals } });
      expect(res.status, await res.clone().text()).toBe(200);
      expect(await res.json()).toMatchObject({ dispatchVersion: i + 1, changed: true });
      // The same cut in memory, from the previous version: what the store must give back.
      const out = curtail({ book: published!.book, dispatch, revisions: intervals, noticeTime: h.clock.now() });
      expected.push({ dispatch: out.dispatch, notices: JSON.stringify(out.notices) });
      dispatch = out.dispatch;
    }
    for (const [i, e] of expected.entries()) {
      const version = i + 1;
      const { json, bytes } = await storedRecord(version);
      const stored = StoredCurtailmentRecordSchema.parse(json);
      expect(stored.dispatch).toBeUndefined();
      expect(stored.dispatchDelta).toMatchObject({ auctionId: m.auctionId, version, from: version - 1 });
      // Only the rows that changed, each with only its changed intervals.
      const previous = i === 0 ? dispatchFromResult((await otherStore().readPublished(m.auctionId))!.book, (await otherStore().readPublished(m.auctionId))!.result) : expected[i - 1]!.dispatch;
      const changed = e.dispatch.bids.filter((row, r) => row.mw.some((x, t) => x !== previous.bids[r]!.mw[t]));
      expect(stored.dispatchDelta!.bids.map((b) => b.bidId)).toEqual(changed.map((b) => b.bidId));
      expect(stored.dispatchDelta!.bids.every((b) => b.index.every((t) => CUTS[i]!.some((c) => c.index === t)))).toBe(true);
      expect(bytes).toBeLessThan(gzipSync(JSON.stringify({ ...stored, dispatchDelta: undefined, dispatch: e.dispatch }), { level: 1 }).length + 1);

      // The delta alone, beside the record (what a rebuild reads): the same rows.
      const commit = curtailmentCodec.decode((await getItem(table(), lifecycleKeys.curtailment(m.auctionId, version)))!);
      const side = await readBlobBytes(table(), lifecycleKeys.curtailmentDispatch(m.auctionId, version, commit.sha256), commit.dispatch!);
      expect(JSON.parse(gunzipSync(side!).toString('utf8'))).toEqual(stored.dispatchDelta);

      // A new instance for each version: the chain from the base, every time.
      const record = await otherStore().readCurtailment(m.auctionId, version);
      expect(JSON.stringify(record!.dispatch)).toBe(JSON.stringify(e.dispatch));
      expect(JSON.stringify(record!.notices)).toBe(e.notices);
    }
    const fresh = otherStore();
    expect(JSON.stringify((await fresh.readPublished(m.auctionId))!.dispatch)).toBe(JSON.stringify(expected[3]!.dispatch));
    expect(JSON.stringify((await otherStore().readCurtailmentInputs(m.auctionId))!.dispatch)).toBe(JSON.stringify(expected[3]!.dispatch));
    deltaAnswers = await publicAnswers();
    expect(deltaAnswers.filter((a) => / → 200 /.test(a))).toHaveLength(deltaAnswers.length);
  });

  it('answers byte-identically with the records stored whole (as before), or some whole and some deltas', async () => {
    const records = await Promise.all(CUTS.map((_, i) => otherStore().readCurtailment(m.auctionId, i + 1)));
    // Mixed: version 2 whole, 1, 3 and 4 deltas (version 3 is rebuilt from a whole version 2).
    await rewriteWhole(records[1]!);
    expect(StoredCurtailmentRecordSchema.parse((await storedRecord(2)).json).dispatch).toBeDefined();
    expect(await publicAnswers()).toEqual(deltaAnswers);
    for (const r of records) await rewriteWhole(r!);
    for (const v of [1, 2, 3, 4]) expect(StoredCurtailmentRecordSchema.parse((await storedRecord(v)).json).dispatchDelta).toBeUndefined();
    const whole = await publicAnswers();
    expect(whole).toEqual(deltaAnswers);
    expect(JSON.stringify((await otherStore().readPublished(m.auctionId))!.dispatch)).toBe(JSON.stringify(expected[3]!.dispatch));
  });

  it('a new curtailment on a chain of whole records is stored as a delta against the whole version before it', async () => {
    const store = otherStore();
    h.clock.set(new Date(Date.parse(GATE) + 60_000 * 10));
    const res = await otherApp()('POST', `/v1/auctions/${m.auctionId}/curtailments`, { json: { intervals: [{ index: 7, surplusMw: 20 }] } });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await res.json()).toMatchObject({ dispatchVersion: 5, changed: true });
    const stored = StoredCurtailmentRecordSchema.parse((await storedRecord(5)).json);
    expect(stored.dispatchDelta).toMatchObject({ version: 5, from: 4 });
    const out = curtail({ book: (await store.readPublished(m.auctionId))!.book, dispatch: expected[3]!.dispatch, revisions: [{ index: 7, surplusMw: 20 }], noticeTime: h.clock.now() });
    expect(JSON.stringify((await otherStore().readPublished(m.auctionId))!.dispatch)).toBe(JSON.stringify(out.dispatch));
    expect(JSON.stringify((await otherStore().readCurtailment(m.auctionId, 5))!.notices)).toBe(JSON.stringify(out.notices));
    // A record whose delta does not follow the version before it is refused, not silently applied.
    const badDelta = { ...stored.dispatchDelta!, bids: [{ bidId: 'bid_unknown', index: [7], mw: [0] }] };
    const data = gzipSync(JSON.stringify(badDelta));
    const item = await getItem(table(), lifecycleKeys.curtailment(m.auctionId, 5));
    const recordSha = curtailmentCodec.decode(item!).sha256;
    const ref = await writeBlob(table(), lifecycleKeys.curtailmentDispatch(m.auctionId, 5, recordSha), data);
    await h.table.doc.send(new PutCommand({ TableName: h.table.tableName, Item: { ...item, dispatchBytes: ref.bytes, dispatchSha256: ref.sha256 } }));
    await expect(otherStore().readCurtailmentInputs(m.auctionId)).rejects.toThrow(/not in version 4/);
    // The fan-out repair and the curtailment list read the notices alone: a broken chain does not stop them.
    expect(JSON.stringify((await otherStore().readCurtailmentNotices(m.auctionId, 5))!.notices)).toBe(JSON.stringify(out.notices));
    // The delta blob lost (or not the bytes the commit names): the record holds the same delta.
    await h.table.doc.send(new PutCommand({ TableName: h.table.tableName, Item: { ...item, dispatchSha256: 'f'.repeat(64) } }));
    expect(JSON.stringify((await otherStore().readCurtailmentInputs(m.auctionId))!.dispatch)).toBe(JSON.stringify(out.dispatch));
  });

  it('an instance rebuilds from the newest version it holds; a new one reads the whole chain (in one query), a lost delta blob from its record', async () => {
    h.clock.set(NOW);
    const other = await h.setupAuction();
    h.clock.set(new Date(Date.parse(GATE) + 1_000));
    await h.tick();
    for (const intervals of CUTS.slice(0, 3)) expect((await h.call('POST', `/v1/auctions/${other.auctionId}/curtailments`, { json: { intervals } })).status).toBe(200);
    const warm = otherStore();
    const v3 = (await warm.readCurtailmentInputs(other.auctionId))!.dispatch;
    expect(v3.version).toBe(3);
    expect(JSON.stringify(v3)).toBe(JSON.stringify((await otherStore().readCurtailment(other.auctionId, 3))!.dispatch));
    // Versions 1 and 2 lose their delta blobs: the warm instance does not need them.
    for (const v of [1, 2]) {
      const item = await getItem(table(), lifecycleKeys.curtailment(other.auctionId, v));
      await h.table.doc.send(new PutCommand({ TableName: h.table.tableName, Item: { ...item, dispatchSha256: 'e'.repeat(64) } }));
    }
    const out = await curtailAuction({ store: warm, directory: { webhookFor: async () => undefined }, clock: h.clock }, other.auctionId, { intervals: [{ index: 7, surplusMw: 10 }] });
    expect(out).toMatchObject({ kind: 'applied', response: { dispatchVersion: 4, changed: true } });
    expect(JSON.stringify((await warm.readPublished(other.auctionId))!.dispatch)).toBe(JSON.stringify(out.kind === 'applied' ? out.record!.dispatch : undefined));
    // A new instance reads the chain in one query; the lost delta blobs come from their records.
    expect(JSON.stringify((await otherStore().readCurtailmentInputs(other.auctionId))!.dispatch)).toBe(JSON.stringify(out.kind === 'applied' ? out.record!.dispatch : undefined));
  });

  it('two attempts at one version with the same cut: the sweep removes the loser\'s blobs, never the winner\'s delta (review finding)', async () => {
    h.clock.set(NOW);
    const other = await h.setupAuction();
    h.clock.set(new Date(Date.parse(GATE) + 1_000));
    await h.tick();
    const store = otherStore();
    const published = (await store.readPublished(other.auctionId))!;
    const v0 = dispatchFromResult(published.book, published.result);
    const cut = curtail({ book: published.book, dispatch: v0, revisions: CUTS[0]!, noticeTime: h.clock.now() });
    const record = (at: string): CurtailmentRecord => ({ auctionId: other.auctionId, version: 1, at, revisions: CUTS[0]!, dispatch: cut.dispatch, notices: cut.notices });
    // Same delta bytes, different records; the loser writes its blobs (and markers) last.
    expect(await store.commitCurtailment(record('2026-12-06T10:00:00.000Z'), v0)).toBe(true);
    expect(await otherStore().commitCurtailment(record('2026-12-06T10:00:00.001Z'), v0)).toBe(false);
    const swept = await store.sweepOrphanedBlobs(new Date(h.clock.now().getTime() + 2 * 3_600_000), 1_000);
    expect(swept.removed).toBeGreaterThanOrEqual(2); // the loser's record and delta
    const commit = curtailmentCodec.decode((await getItem(table(), lifecycleKeys.curtailment(other.auctionId, 1)))!);
    expect(commit.dispatch).toBeDefined();
    expect(await readBlobBytes(table(), lifecycleKeys.curtailmentDispatch(other.auctionId, 1, commit.sha256), commit.dispatch!)).toBeDefined();
    expect(JSON.stringify((await otherStore().readCurtailmentInputs(other.auctionId))!.dispatch)).toBe(JSON.stringify(cut.dispatch));
  });
});

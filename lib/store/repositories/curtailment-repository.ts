// Owns the curtailment commits and their record blobs, and the fan-out that follows a commit
// (events feed + outbox, then the commit leaves the sparse "fan-out pending" index).
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { PublishedAuctionStore } from '../../lifecycle/ports';
import type { FanOutStore } from '../../lifecycle/repair-fan-out';
import { mapLimit } from '../../kernel/map-limit';
import { DispatchDeltaSchema, StoredCurtailmentRecordSchema, type CurtailmentRecord, type Dispatch, type DispatchDelta, type StoredCurtailmentRecord } from '../../../schemas/lifecycle';
import { dispatchDelta } from '../dispatch-delta';
import { RecordDispatchSchema } from './curtailment-inputs';
import { transact, tx } from '../conditional-write';
import { readBlobBytes, sha256Hex, writeBlob, type BlobOptions } from '../blob';
import { lifecycleKeys } from '../keys';
import { markBlob } from './blob-sweep';
import { curtailmentCodec, type CurtailmentCommit } from '../items/curtailment-item';
import { getItem, type Table } from '../table';
import type { AuctionRepository } from './auction-repository';
import type { EventsRepository } from './events-feed';
import type { OutboxRepository } from './outbox-repository';

/** A committed version's dispatch in its stored form: whole (records before issue 9) or the delta against v − 1. */
export type StoredDispatch = { kind: 'full'; dispatch: Dispatch } | { kind: 'delta'; delta: DispatchDelta };

export type CurtailmentRepository = Pick<PublishedAuctionStore, 'commitCurtailment' | 'publishNotices' | 'readCurtailmentStatus'> & Omit<FanOutStore, 'readCurtailmentNotices'> & {
  /** Committed version v's record in its stored form (its dispatch whole or the delta: the store rebuilds it). */
  readStoredCurtailment(auctionId: string, version: number): Promise<StoredCurtailmentRecord | undefined>;
  /**
   * Only the dispatches (lean parse: what the next curtailment starts from) of versions from..to,
   * from the last one stored whole on (all of them when each is a delta), in version order: one
   * Query for the commit items, the blobs read in parallel — a new instance rebuilds a long chain
   * in a few round trips. Throws when one is missing.
   */
  readDispatchChain(auctionId: string, from: number, to: number): Promise<(StoredDispatch & { version: number })[]>;
};

/**
 * What is stored of a record: the dispatch as the delta against `previous` (version v − 1, the
 * dispatch the curtailment started from) when one is given and fits, else whole.
 */
export function storedForm(record: CurtailmentRecord, previous?: Dispatch): StoredCurtailmentRecord {
  const delta = previous && dispatchDelta(previous, record.dispatch);
  if (!delta) return record;
  const { dispatch: _whole, notices, ...rest } = record;
  return { ...rest, dispatchDelta: delta, notices };
}

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/** A commit conflicting with a concurrent transaction is retried; its outcome decides ours. */
const COMMIT_RETRY = { maxAttempts: 6, baseDelayMs: 10, spreadMs: 40 };

export function createCurtailmentRepository(
  table: Table, deps: { auctions: AuctionRepository; events: EventsRepository; outbox: OutboxRepository }, options: BlobOptions = {},
): CurtailmentRepository {
  return {
    async commitCurtailment(record, previous) {
      // The dispatch as the delta of the rows it changed (a national dispatch is 2 million MW, a
      // cut changes a few intervals of a few thousand rows): a national record, 12.6 MB of JSON
      // and 0.69 MB gzip whole, is 0.41 MB gzip, mostly its notices. The delta is also stored
      // alone (~18 KB gzip national): a rebuild reads it without the record's thousands of notices.
      const stored = storedForm(record, previous);
      const [data, deltaData] = await Promise.all([
        gzipAsync(JSON.stringify(stored), { level: 1 }),
        stored.dispatchDelta ? gzipAsync(JSON.stringify(stored.dispatchDelta), { level: 1 }) : undefined,
      ]);
      // The record's bytes first (named by their hash: a competing curtailment writes elsewhere),
      // then the commit: the record's pointer and the auction's dispatch version in ONE transaction.
      const sha256 = sha256Hex(data);
      const owner = { kind: 'curtailment' as const, auctionId: record.auctionId, version: record.version, sha256 };
      const blobPk = lifecycleKeys.curtailmentChunks(record.auctionId, record.version, sha256);
      // Named by the RECORD's hash, not the delta's: two attempts at one version with the same cut
      // make the same delta bytes, and under one name the loser's marker would let the sweep delete
      // the winner's delta. Both blobs are the record's (marked with its sha256): the sweep removes
      // them if it is never committed.
      const deltaPk = deltaData && lifecycleKeys.curtailmentDispatch(record.auctionId, record.version, sha256);
      const [ref, dispatch] = await Promise.all([
        markBlob(table, blobPk, owner).then(() => writeBlob(table, blobPk, data, options)),
        deltaPk && deltaData ? markBlob(table, deltaPk, owner).then(() => writeBlob(table, deltaPk, deltaData, options)) : undefined,
      ]);
      const commit = { auctionId: record.auctionId, version: record.version, at: record.at, ...ref, encoding: 'gzip' as const, ...(dispatch ? { dispatch } : {}) };
      const out = await transact(table, [
        tx.put(table, { Item: curtailmentCodec.encode(commit), ConditionExpression: 'attribute_not_exists(pk)' }),
        deps.auctions.dispatchPointer(record.auctionId, record.version),
      ], COMMIT_RETRY);
      if (out.ok) return true;
      if (out.reasons.some((r) => r.failed)) return false;
      throw new Error(`curtailment ${record.version} of auction ${record.auctionId}: transaction conflicts persisted`);
    },

    async publishNotices(record, outbox) {
      await deps.events.writeEvents(record.notices);
      await mapLimit(outbox, 32, (entry) => deps.outbox.put(entry));
      // Done: leave the repair index. Unconditional and idempotent.
      await table.doc.send(new UpdateCommand({
        TableName: table.name, Key: lifecycleKeys.curtailment(record.auctionId, record.version),
        UpdateExpression: 'SET fannedOut = :t REMOVE gsi1pk, gsi1sk', ExpressionAttributeValues: { ':t': true },
        ConditionExpression: 'attribute_exists(pk)',
      }));
    },

    async listPendingFanOut(limit) {
      const out = await table.doc.send(new QueryCommand({
        TableName: table.name, IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :p', ExpressionAttributeValues: { ':p': lifecycleKeys.fanOutPending() }, Limit: limit,
      }));
      return (out.Items ?? []).map((item) => {
        const c = curtailmentCodec.decode(item);
        return { auctionId: c.auctionId, version: c.version, at: c.at };
      });
    },

    async readCurtailmentStatus(auctionId, version) {
      const item = await getItem(table, lifecycleKeys.curtailment(auctionId, version));
      if (!item) return undefined;
      const c = curtailmentCodec.decode(item);
      return { auctionId: c.auctionId, version: c.version, at: c.at, fanOut: c.fannedOut ? 'complete' : 'pending' };
    },

    async readStoredCurtailment(auctionId, version) {
      const commit = await readCommit(auctionId, version);
      return commit && StoredCurtailmentRecordSchema.parse(JSON.parse(await recordJson(commit)));
    },

    async readDispatchChain(auctionId, from, to) {
      const commits: CurtailmentCommit[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const out = await table.doc.send(new QueryCommand({
          TableName: table.name, KeyConditionExpression: 'pk = :p AND sk BETWEEN :a AND :b', ConsistentRead: true, ExclusiveStartKey: start,
          ExpressionAttributeValues: { ':p': lifecycleKeys.curtailment(auctionId, from).pk, ':a': lifecycleKeys.curtailment(auctionId, from).sk, ':b': lifecycleKeys.curtailment(auctionId, to).sk },
        }));
        for (const item of out.Items ?? []) commits.push(curtailmentCodec.decode(item));
        start = out.LastEvaluatedKey;
      } while (start);
      commits.forEach((c, i) => { if (c.version !== from + i) throw new Error(`curtailment ${from + i} of auction ${auctionId} is missing`); });
      if (commits.length !== to - from + 1) throw new Error(`curtailment ${from + commits.length} of auction ${auctionId} is missing`);
      // A record stored whole (before issue 9) holds all of its version: nothing before it is needed.
      let first = commits.length - 1;
      while (first > 0 && commits[first]?.dispatch) first--;
      return mapLimit(commits.slice(first), 8, async (c) => ({ ...await dispatchOf(c), version: c.version }));
    },
  };

  async function dispatchOf(commit: CurtailmentCommit): Promise<StoredDispatch> {
    const { auctionId, version } = commit;
    if (commit.dispatch) {
      const data = await readBlobBytes(table, lifecycleKeys.curtailmentDispatch(auctionId, version, commit.sha256), commit.dispatch);
      if (data !== undefined) return { kind: 'delta', delta: DispatchDeltaSchema.parse(JSON.parse((await gunzipAsync(data)).toString('utf8'))) };
      // The record holds the same delta: slower (its notices too), never wrong.
    }
    const json = await recordJson(commit);
    const { dispatch, dispatchDelta: delta } = RecordDispatchSchema.parse(JSON.parse(json));
    if (dispatch) return { kind: 'full', dispatch };
    if (delta) return { kind: 'delta', delta };
    throw new Error(`curtailment ${version} of auction ${auctionId} has no dispatch`);
  }

  async function readCommit(auctionId: string, version: number): Promise<CurtailmentCommit | undefined> {
    const item = await getItem(table, lifecycleKeys.curtailment(auctionId, version));
    return item && curtailmentCodec.decode(item);
  }

  async function recordJson(commit: CurtailmentCommit): Promise<string> {
    const { auctionId, version } = commit;
    const data = await readBlobBytes(table, lifecycleKeys.curtailmentChunks(auctionId, version, commit.sha256), commit);
    if (data === undefined) throw new Error(`curtailment ${version} of auction ${auctionId} is incomplete`);
    return commit.encoding === 'gzip' ? (await gunzipAsync(data)).toString('utf8') : data.toString('utf8');
  }
}

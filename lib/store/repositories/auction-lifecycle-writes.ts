// The lifecycle's conditional updates of the auction item (part of the auction repository):
// transition, the clearing lease (claim / renewLease / releaseAfterError), THE publication, markFailed and
// reopenFailed. Each is one UpdateItem whose condition is the one written on the port; gsi2 is
// kept at the auction's next due time (nextDueAt), the scheduler's due index.
import type { LifecycleStore, AuctionRecord } from '../../lifecycle/ports';
import { nextDueAt } from '../../lifecycle/lifecycle-state';
import { isoUtc } from '../../kernel/interval-time';
import type { LifecycleTimestamps } from '../../../schemas/lifecycle';
import { conditionalUpdate } from '../conditional-write';
import { itemKeys } from '../keys';
import { auctionCodec, type StoredAuction } from '../items/auction-item';
import { getItem, type Table } from '../table';

export type AuctionLifecycleWrites = Pick<LifecycleStore, 'transition' | 'claim' | 'renewLease' | 'publish' | 'releaseAfterError' | 'markFailed' | 'reopenFailed'>;
type CloseGate = (id: string, now: Date, at?: { gateClosure?: string; closedAt?: string }) => Promise<boolean>;

/** gsi2 sort key: the time the auction next needs the scheduler (ISO with ms, as gateClosure is stored). */
function dueKey(a: AuctionRecord, fallback: Date): string {
  const due = nextDueAt(a);
  return `${new Date(due ?? fallback).toISOString()}#${a.id}`;
}

const statusKeys = (a: AuctionRecord, now: Date) => ({ ':gp': itemKeys.auctionStatus(a.status), ':gs': dueKey(a, now) });

export function createAuctionLifecycleWrites(table: Table, closeGate: CloseGate): AuctionLifecycleWrites {
  const current = async (id: string) => {
    const item = await getItem(table, itemKeys.auction(id));
    return item ? auctionCodec.decode(item).lifecycle : undefined;
  };

  /** A conditional update of an existing auction item: the item after it, or undefined when the condition failed. */
  async function update(auctionId: string, input: {
    set: string[]; remove?: string[]; condition: string; names?: Record<string, string>; values: Record<string, unknown>;
  }): Promise<StoredAuction | undefined> {
    const expression = `SET ${input.set.join(', ')}${input.remove?.length ? ` REMOVE ${input.remove.join(', ')}` : ''}`;
    const condition = `attribute_exists(pk) AND (${input.condition})`;
    // DynamoDB refuses names that the expressions do not use.
    const names = Object.fromEntries(Object.entries({ '#status': 'status', '#c': 'clearing', '#ts': 'timestamps', ...input.names })
      .filter(([k]) => new RegExp(`${k}\\b`).test(`${expression} ${condition}`)));
    const out = await conditionalUpdate(table, {
      Key: itemKeys.auction(auctionId), UpdateExpression: expression, ConditionExpression: condition,
      ExpressionAttributeNames: names, ExpressionAttributeValues: input.values, ReturnValues: 'ALL_NEW',
    });
    return out.ok && out.attributes ? auctionCodec.decode(out.attributes) : undefined;
  }

  const ownerOnly = { condition: '#status = :clearing AND #c.#owner = :o', names: { '#owner': 'owner' } };

  return {
    async transition(auctionId, from, to, timestamps) {
      if (from === 'open' && to === 'closed') {
        // Through closeGate: the gate copies of the bid shards change with the auction.
        const closedAt = timestamps.closedAt ?? isoUtc(table.clock.now().getTime());
        return closeGate(auctionId, new Date(closedAt), { closedAt });
      }
      const record = await current(auctionId);
      if (!record || record.status !== from) return false;
      const next: AuctionRecord = { ...record, status: to, timestamps: { ...record.timestamps, ...timestamps } };
      const entries = Object.entries(timestamps).filter((e): e is [keyof LifecycleTimestamps, string] => typeof e[1] === 'string');
      const at = entries[0] ? new Date(entries[0][1]) : table.clock.now();
      const out = await update(auctionId, {
        set: ['#status = :to', 'gsi2pk = :gp', 'gsi2sk = :gs', ...entries.map(([k]) => `#ts.${k} = :t_${k}`)],
        condition: '#status = :from',
        values: { ':to': to, ':from': from, ...statusKeys(next, at), ...Object.fromEntries(entries.map(([k, v]) => [`:t_${k}`, v])) },
      });
      return out !== undefined;
    },

    async claim(auctionId, { owner, now, leaseUntil }) {
      const out = await update(auctionId, {
        set: [
          '#status = :clearing', '#c.#owner = :o', '#c.leaseUntil = :lu', '#c.attempts = if_not_exists(#c.attempts, :zero) + :one',
          'leaseUntilMs = :luMs', '#ts.clearingAt = if_not_exists(#ts.clearingAt, :nowIso)', 'gsi2pk = :gp', 'gsi2sk = :gs',
        ],
        condition: '#status = :closed OR (#status = :clearing AND (attribute_not_exists(leaseUntilMs) OR leaseUntilMs <= :nowMs))',
        names: { '#owner': 'owner' },
        values: {
          ':clearing': 'clearing', ':closed': 'closed', ':o': owner, ':lu': leaseUntil.toISOString(), ':zero': 0, ':one': 1,
          ':luMs': leaseUntil.getTime(), ':nowIso': isoUtc(now.getTime()), ':nowMs': now.getTime(),
          ':gp': itemKeys.auctionStatus('clearing'), ':gs': `${leaseUntil.toISOString()}#${auctionId}`,
        },
      });
      const clearing = out?.lifecycle.clearing;
      if (!clearing) return null;
      return { attempts: clearing.attempts, ...(clearing.lastError ? { lastError: clearing.lastError } : {}) };
    },

    async renewLease(auctionId, { owner, leaseUntil }) {
      const out = await update(auctionId, {
        set: ['#c.leaseUntil = :lu', 'leaseUntilMs = :luMs', 'gsi2sk = :gs'],
        ...ownerOnly,
        values: { ':lu': leaseUntil.toISOString(), ':luMs': leaseUntil.getTime(), ':gs': `${leaseUntil.toISOString()}#${auctionId}`, ':clearing': 'clearing', ':o': owner },
      });
      return out !== undefined;
    },

    async publish(auctionId, p) {
      const record = await current(auctionId);
      if (!record) return false;
      const out = await update(auctionId, {
        set: ['#status = :cleared', '#c.inputDigest = :d', '#c.resultSha256 = :s', '#c.resultBytes = :b', '#ts.clearedAt = :at', 'gsi2pk = :gp', 'gsi2sk = :gs'],
        remove: ['#c.#owner', '#c.leaseUntil', '#c.lastError', 'leaseUntilMs'],
        ...ownerOnly,
        values: {
          ':cleared': 'cleared', ':clearing': 'clearing', ':o': p.owner, ':d': p.inputDigest, ':s': p.resultSha256, ':b': p.resultBytes,
          ':at': isoUtc(p.at.getTime()), ...statusKeys({ ...record, status: 'cleared' }, p.at),
        },
      });
      return out !== undefined;
    },

    async releaseAfterError(auctionId, owner, reason, at) {
      const out = await update(auctionId, {
        set: ['#c.lastError = :r', '#c.leaseUntil = :lu', 'leaseUntilMs = :luMs', 'gsi2sk = :gs'],
        ...ownerOnly,
        values: { ':r': reason.slice(0, 2000), ':lu': at.toISOString(), ':luMs': at.getTime(), ':gs': `${at.toISOString()}#${auctionId}`, ':clearing': 'clearing', ':o': owner },
      });
      return out !== undefined;
    },

    async markFailed(auctionId, owner, failure, at) {
      const out = await update(auctionId, {
        set: ['#status = :failed', 'failure = :f', '#ts.failedAt = :at', 'gsi2pk = :gp', 'gsi2sk = :gs'],
        remove: ['#c.#owner', '#c.leaseUntil', 'leaseUntilMs'],
        ...ownerOnly,
        values: {
          ':failed': 'failed', ':f': { reason: failure.reason.slice(0, 2000), attempts: failure.attempts }, ':at': isoUtc(at.getTime()),
          ':gp': itemKeys.auctionStatus('failed'), ':gs': `${at.toISOString()}#${auctionId}`, ':clearing': 'clearing', ':o': owner,
        },
      });
      return out !== undefined;
    },

    async reopenFailed(auctionId, at) {
      const record = await current(auctionId);
      if (!record || record.status !== 'failed') return false;
      const out = await update(auctionId, {
        set: ['#status = :closed', '#c = :fresh', 'gsi2pk = :gp', 'gsi2sk = :gs'],
        remove: ['failure', 'leaseUntilMs'],
        condition: '#status = :failed',
        values: { ':closed': 'closed', ':failed': 'failed', ':fresh': { attempts: 0 }, ...statusKeys({ ...record, status: 'closed' }, at) },
      });
      return out !== undefined;
    },
  };
}

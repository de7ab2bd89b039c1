// The scheduled clearing use case (functions/clear.ts, every minute) and the operator's "clear
// now". Exactly one published result per auction: a short lease taken by conditional update and
// renewed by heartbeats while the run works (a crashed run's lease lapses within leaseMs), a book
// assembled deterministically, chunks written idempotently under (inputDigest, resultSha256),
// and ONE conditional update of the auction item that publishes (docs/lifecycle.md).
import { createHash } from 'node:crypto';
import type { AuctionRecord, ClearingEngine, LifecycleStore } from './ports';
import type { Clock, LoggerPort, MetricsPort } from '../kernel/ports';
import { assembleBook, BookAssemblyError } from './assemble-book';
import { compareIds } from './dispatch';
import { decideManualClear, nextLifecycleState } from './lifecycle-state';
import { isoUtc } from '../kernel/interval-time';

export interface ClearingDeps {
  store: LifecycleStore;
  clock: Clock;
  engine: ClearingEngine;
  /** Unique per invocation (e.g. the Lambda request id). */
  owner: string;
  /**
   * The lease a claim or a heartbeat grants: a crash costs at most this plus one schedule tick.
   * Must exceed the longest stretch without a checkpoint (one engine phase, one store call):
   * ≥ MIN_LEASE_MS (checked). Heartbeats renew it once a third of it has passed.
   */
  leaseMs: number;
  /** Claims allowed before the auction fails; a crashed or timed-out run counts as one. */
  maxAttempts: number;
  timeLimitMs: number;
  metrics: MetricsPort;
  logger: LoggerPort;
  /** Auctions examined per invocation. */
  limit?: number;
}

export type ClearOutcome =
  | { kind: 'published'; inputDigest: string; resultSha256: string }
  | { kind: 'not-claimed' }
  | { kind: 'lost-lease' }
  | { kind: 'retry-later'; attempts: number; reason: string }
  | { kind: 'failed'; attempts: number; reason: string };

export interface AuctionRun {
  auctionId: string;
  transitions: string[];
  clear?: ClearOutcome;
}

/**
 * The shortest lease allowed: heartbeats run only at checkpoints, so the lease must outlast the
 * longest stretch between two of them (an engine phase: ≤ ~10 s on the 200,000-miner book).
 */
export const MIN_LEASE_MS = 20_000;

export function checkClearingConfig(d: Pick<ClearingDeps, 'leaseMs' | 'timeLimitMs' | 'maxAttempts'>): void {
  if (!(d.maxAttempts >= 1)) throw new Error('maxAttempts must be ≥ 1');
  if (!(d.leaseMs >= MIN_LEASE_MS)) throw new Error(`leaseMs (${d.leaseMs}) must be ≥ ${MIN_LEASE_MS} ms`);
  if (!(d.timeLimitMs > 0)) throw new Error('timeLimitMs must be > 0');
}

/** Thrown at a checkpoint once a heartbeat found the claim taken over: the run stops, publishes nothing. */
export class LeaseLostError extends Error {
  override name = 'LeaseLostError';
}

/**
 * The heartbeat of one claim. `checkpoint()` is awaited between the run's steps and between the
 * engine's phases; once a third of the lease has passed it renews the lease (conditional on
 * owner = me), otherwise it only lets the event loop turn. A renewal refused means another run
 * took over: this and every later checkpoint throw LeaseLostError. A store error is logged and
 * retried at the next checkpoint (publication stays conditional on owner = me either way).
 */
export function leaseHeartbeat(deps: Pick<ClearingDeps, 'store' | 'clock' | 'owner' | 'leaseMs' | 'logger'>, auctionId: string, claimedAt: Date) {
  let renewedAt = claimedAt.getTime();
  let lost = false;
  let renewals = 0;
  return {
    get renewals() { return renewals; },
    async checkpoint(): Promise<void> {
      if (lost) throw new LeaseLostError(`the clearing lease of ${auctionId} was taken over`);
      const now = deps.clock.now().getTime();
      if (now - renewedAt < deps.leaseMs / 3) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        return;
      }
      let ok: boolean;
      try {
        ok = await deps.store.renewLease(auctionId, { owner: deps.owner, leaseUntil: new Date(now + deps.leaseMs) });
      } catch (err) {
        deps.logger.warn('renewing the clearing lease failed; retrying at the next checkpoint', { auctionId, error: errorText(err) });
        return;
      }
      if (!ok) {
        lost = true;
        throw new LeaseLostError(`the clearing lease of ${auctionId} was taken over`);
      }
      renewedAt = now;
      renewals++;
    },
  };
}

/** One scheduler tick: advance every due auction as far as it can go now. */
export async function clearDueAuctions(deps: ClearingDeps): Promise<AuctionRun[]> {
  checkClearingConfig(deps);
  const due = await deps.store.listDueAuctions(deps.clock.now(), deps.limit ?? 25);
  const runs: AuctionRun[] = [];
  for (const a of [...due].sort((x, y) => compareIds(x.id, y.id))) {
    try {
      runs.push(await advanceAuction(deps, a));
    } catch (err) {
      // A store error on one auction must not stop the others; the next tick retries.
      deps.logger.error('advancing auction failed', { auctionId: a.id, error: errorText(err) });
      runs.push({ auctionId: a.id, transitions: [] });
    }
  }
  return runs;
}

/** Applies lifecycle steps until none is due (at most a handful: open→closed→clear→cleared→delivering→settled). */
export async function advanceAuction(deps: ClearingDeps, start: AuctionRecord): Promise<AuctionRun> {
  const run: AuctionRun = { auctionId: start.id, transitions: [] };
  let a: AuctionRecord | undefined = start;
  for (let i = 0; i < 8 && a; i++) {
    const step = nextLifecycleState(a, deps.clock.now());
    if (step.kind === 'none') break;
    if (step.kind === 'transition') {
      const ok = await deps.store.transition(a.id, step.from, step.to, step.timestamps);
      if (!ok) break; // someone else moved it; the next tick sees the new state
      run.transitions.push(`${step.from}->${step.to}`);
      deps.logger.info('auction state changed', { auctionId: a.id, from: step.from, to: step.to });
      a = { ...a, status: step.to, timestamps: { ...a.timestamps, ...step.timestamps } };
      continue;
    }
    run.clear = await claimAndClear(deps, a.id);
    if (run.clear.kind !== 'published') break;
    a = await deps.store.getAuction(a.id);
  }
  return run;
}

/** Claims the auction and, if this invocation holds the lease, clears and publishes it. */
export async function claimAndClear(deps: ClearingDeps, auctionId: string): Promise<ClearOutcome> {
  const { store, clock, owner } = deps;
  const now = clock.now();
  const claim = await store.claim(auctionId, { owner, now, leaseUntil: new Date(now.getTime() + deps.leaseMs) });
  if (!claim) return { kind: 'not-claimed' };

  if (claim.attempts > deps.maxAttempts) {
    // Earlier runs crashed or timed out without recording an error.
    const reason = `clearing did not finish in ${deps.maxAttempts} attempts${claim.lastError ? `; last error: ${claim.lastError}` : ' (runs timed out or crashed)'}`;
    return fail(deps, auctionId, claim.attempts - 1, reason);
  }
  const started = clock.now().getTime();
  const lease = leaseHeartbeat(deps, auctionId, now);
  try {
    const inputs = await store.readBookInputs(auctionId);
    await lease.checkpoint();
    const book = assembleBook(inputs.auction, inputs.forecasts, inputs.bids);
    const inputDigest = deps.engine.digest(book);
    await store.saveBook(auctionId, inputDigest, JSON.stringify(book));
    await lease.checkpoint();
    const result = await deps.engine.clear(book, { timeLimitMs: deps.timeLimitMs, checkpoint: () => lease.checkpoint() });
    await lease.checkpoint();
    if (result.inputDigest !== inputDigest || result.auctionId !== book.auction.id || result.bids.length !== book.bids.length) {
      throw new Error(`engine returned a result for another book (inputDigest ${result.inputDigest}, expected ${inputDigest})`);
    }
    const resultJson = deps.engine.serialize(result);
    const resultSha256 = sha256Hex(resultJson);
    await store.saveResult(auctionId, { inputDigest, resultSha256 }, resultJson);
    await lease.checkpoint(); // a lost heartbeat stops here: publish nothing
    const published = await store.publish(auctionId, { owner, inputDigest, resultSha256, resultBytes: Buffer.byteLength(resultJson), at: clock.now() });
    if (!published) {
      // Our lease expired and another run took over; its publication (of the same book) wins.
      deps.logger.warn('lost the clearing lease before publishing', { auctionId, owner });
      return { kind: 'lost-lease' };
    }
    deps.metrics.addMetric('ClearingSucceeded', 'Count', 1);
    deps.metrics.addMetric('ClearingMs', 'Milliseconds', clock.now().getTime() - started);
    deps.logger.info('auction cleared', { auctionId, inputDigest, resultSha256, attempts: claim.attempts, optimal: result.optimal, leaseRenewals: lease.renewals });
    return { kind: 'published', inputDigest, resultSha256 };
  } catch (err) {
    if (err instanceof LeaseLostError) {
      // Another run claimed the auction after our lease lapsed; it publishes (the same book).
      deps.logger.warn('lost the clearing lease while clearing; stopped without publishing', { auctionId, owner });
      deps.metrics.addMetric('ClearingLeaseLost', 'Count', 1);
      return { kind: 'lost-lease' };
    }
    const reason = errorText(err);
    const decision = decideAfterError(claim.attempts, deps.maxAttempts, err);
    if (decision === 'fail') return fail(deps, auctionId, claim.attempts, reason);
    await store.releaseAfterError(auctionId, owner, reason, clock.now());
    deps.metrics.addMetric('ClearingAttemptFailed', 'Count', 1);
    deps.logger.warn('clearing attempt failed; will retry', { auctionId, attempts: claim.attempts, reason });
    return { kind: 'retry-later', attempts: claim.attempts, reason };
  }
}

/** Retry unless this was the last attempt or retrying cannot help (the book itself is unusable). */
export function decideAfterError(attempts: number, maxAttempts: number, err: unknown): 'retry' | 'fail' {
  if (err instanceof BookAssemblyError) return 'fail';
  return attempts >= maxAttempts ? 'fail' : 'retry';
}

async function fail(deps: ClearingDeps, auctionId: string, attempts: number, reason: string): Promise<ClearOutcome> {
  const marked = await deps.store.markFailed(auctionId, deps.owner, { reason, attempts }, deps.clock.now());
  if (!marked) return { kind: 'lost-lease' };
  deps.metrics.addMetric('ClearingFailed', 'Count', 1);
  deps.logger.error('auction clearing failed', { auctionId, attempts, reason });
  return { kind: 'failed', attempts, reason };
}

export type ManualClearPreparation = { kind: 'conflict'; reason: string } | { kind: 'ready'; auction: AuctionRecord; transitions: string[] };

/**
 * The operator's part of `POST /v1/auctions/{id}/clear`: close the gate now (force) or at its
 * scheduled time, or reopen a failed auction (force), so that the auction is due for clearing.
 * POST …/clear runs this alone and answers 202; the scheduled clearing (or npm start's woken loop) clears.
 */
export async function prepareManualClear(deps: Pick<ClearingDeps, 'store' | 'clock'>, auction: AuctionRecord, force: boolean): Promise<ManualClearPreparation> {
  const decision = decideManualClear(auction, deps.clock.now(), force);
  if (decision.kind === 'conflict') return decision;
  const transitions: string[] = [];
  if (decision.kind === 'close-and-clear') {
    const closed = await closeGateWinning(deps, auction.id, decision.gateClosure, decision.closedAt);
    if (closed === 'conflict') return { kind: 'conflict', reason: 'the auction changed meanwhile; read it again' };
    if (closed === 'closed') transitions.push('open->closed');
    if (closed === 'closed' && decision.gateClosure !== auction.gateClosure) await restampForcedClose(deps, auction.id, decision.gateClosure);
  }
  if (decision.kind === 'retry-failed') {
    if (!(await deps.store.reopenFailed(auction.id, deps.clock.now()))) return { kind: 'conflict', reason: 'the auction changed meanwhile; read it again' };
    transitions.push('failed->closed');
  }
  const fresh = await deps.store.getAuction(auction.id);
  if (!fresh) return { kind: 'conflict', reason: 'the auction no longer exists' };
  return { kind: 'ready', auction: fresh, transitions };
}

/** Attempts of the operator's close against a stream of bid transactions on the same items. */
export const CLOSE_GATE_ATTEMPTS = 8;

/**
 * The operator's close must win over bids racing it: a close that lost only to concurrent
 * transactions is retried (bounded, with backoff) while the auction is still open. `already`
 * when another run closed it meanwhile (the outcome the operator wanted).
 */
async function closeGateWinning(deps: Pick<ClearingDeps, 'store'>, auctionId: string, gateClosure: string, closedAt: string): Promise<'closed' | 'already' | 'conflict'> {
  for (let attempt = 1; attempt <= CLOSE_GATE_ATTEMPTS; attempt++) {
    if (await deps.store.closeGate(auctionId, gateClosure, closedAt)) return 'closed';
    const now = await deps.store.getAuction(auctionId);
    if (!now) return 'conflict';
    if (now.status !== 'open') return 'already';
    await new Promise((r) => setTimeout(r, 10 * attempt + Math.random() * 20));
  }
  return 'conflict';
}

/**
 * A bid racing the forced close may read its clock after the close's reading yet commit before
 * the close does (it was accepted, and is in the book). A reading taken after the close committed
 * is later than every such stamp, so it becomes the recorded gate closure. Best effort: if this
 * write is lost, nothing is (the book holds exactly what was accepted), only the stamp is early.
 */
async function restampForcedClose(deps: Pick<ClearingDeps, 'store' | 'clock'>, auctionId: string, gateClosure: string): Promise<void> {
  const after = deps.clock.now();
  if (after.getTime() <= Date.parse(gateClosure)) return;
  await deps.store.restampClosedGate(auctionId, gateClosure, after.toISOString(), isoUtc(after.getTime()));
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function errorText(err: unknown): string {
  return (err instanceof Error ? `${err.name}: ${err.message}` : String(err)).slice(0, 2000);
}

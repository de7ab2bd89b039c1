// The clearing use case against an in-memory TEST DOUBLE of its store and the real engine with
// injected faults. The same store conditions against DynamoDB Local: test/contract.
import { describe, expect, it, vi } from 'vitest';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { advanceAuction, checkClearingConfig, CLOSE_GATE_ATTEMPTS, MIN_LEASE_MS, prepareManualClear, clearDueAuctions, decideAfterError, sha256Hex, type ClearingDeps } from '../../../lib/lifecycle/clear-auction';
import { assembleBook, BookAssemblyError } from '../../../lib/lifecycle/assemble-book';
import type { LoggerPort, MetricsPort } from '../../../lib/kernel/ports';
import { ResultSchema } from '../../../schemas/result';
import { clearBook, serializeResult } from '../../../lib/clearing';
import { InMemoryLifecycleStoreTestDouble } from './in-memory-lifecycle-store.test-double';
import { FaultyEngineTestDouble } from './faulty-engine.test-double';
import { auction } from './fixtures';

const GATE = Date.parse('2026-11-30T22:00:00Z');

function setup(opts: { failures?: number; noForecast?: boolean } = {}) {
  const store = new InMemoryLifecycleStoreTestDouble();
  store.auctions.set('A1', auction());
  if (!opts.noForecast) {
    store.forecasts.set('A1', [{ version: 1, createdAt: '2026-11-29T00:00:00Z', intervals: [0, 1, 2, 3].map((i) => ({ surplusMw: 100 + i, reservePrice: 30 })) }]);
  }
  store.bids.set('A1', [
    { id: 'b-2', bidder: 'miner-2', class: 'mining', type: 'curve', from: 0, to: 4, steps: [{ mw: 60, price: 50 }], createdAt: 'x' },
    { id: 'b-1', bidder: 'miner-1', class: 'mining', type: 'curve', from: 1, to: 3, steps: [{ mw: 70, price: 70 }, { mw: 10, price: 20 }] },
    { id: 'b-3', bidder: 'tenant-1', class: 'ai', type: 'block', mw: 50, duration: 2, earliestStart: 0, latestStart: 2, price: 90, minAcceptanceRatio: 1 },
  ]);
  const engine = new FaultyEngineTestDouble();
  engine.failures = opts.failures ?? 0;
  const clock = { t: GATE + 30_000, now() { return new Date(this.t); } };
  const metrics: { name: string; unit: string; value: number }[] = [];
  const logs: { level: string; message: string; extra?: Record<string, unknown> }[] = [];
  const logger: LoggerPort = {
    info: (message, extra) => { logs.push({ level: 'info', message, extra }); },
    warn: (message, extra) => { logs.push({ level: 'warn', message, extra }); },
    error: (message, extra) => { logs.push({ level: 'error', message, extra }); },
  };
  const deps = (owner: string): ClearingDeps => ({
    store, clock, engine, owner, leaseMs: 90_000, maxAttempts: 3, timeLimitMs: 30_000, logger,
    metrics: { addMetric: (name, unit, value) => metrics.push({ name, unit, value }) },
  });
  return { store, engine, clock, metrics, logs, deps };
}

/** The bytes a single clean run publishes. */
async function cleanResult(): Promise<string> {
  const s = setup();
  await clearDueAuctions(s.deps('clean'));
  return s.store.readPublishedResult('A1')!;
}

describe('clearDueAuctions', () => {
  it('closes the gate, claims, saves the book, publishes the result, records timestamps and a metric', async () => {
    const { store, engine, deps, metrics } = setup();
    const runs = await clearDueAuctions(deps('run-1'));
    expect(runs).toEqual([{ auctionId: 'A1', transitions: ['open->closed'], clear: { kind: 'published', inputDigest: expect.stringMatching(/^sha256:/), resultSha256: expect.stringMatching(/^[0-9a-f]{64}$/) } }]);
    const a = store.auctions.get('A1')!;
    expect(a.status).toBe('cleared');
    expect(a.timestamps).toMatchObject({ closedAt: '2026-11-30T22:00:00Z', clearingAt: '2026-11-30T22:00:30.000Z', clearedAt: '2026-11-30T22:00:30.000Z' });
    const inputs = await store.readBookInputs('A1');
    const book = assembleBook({ ...inputs.auction, status: 'open' }, inputs.forecasts, inputs.bids);
    expect(store.books.get(`A1|${engine.digest(book)}`)).toBe(JSON.stringify(book));
    const published = store.readPublishedResult('A1')!;
    expect(ResultSchema.parse(JSON.parse(published)).inputDigest).toBe(engine.digest(book));
    // The use case publishes the real engine's canonical bytes for the assembled book.
    expect(published).toBe(serializeResult(await clearBook(book, { timings: false })));
    // What this book clears to: the block fits in intervals 2–3, miners fill the rest.
    const result = ResultSchema.parse(JSON.parse(published));
    expect(result.intervals.map((i) => i.price)).toEqual([30, 50, 70, 50]);
    expect(result.bids.find((b) => b.id === 'b-3')).toMatchObject({ accepted: true, start: 2, ratio: 1 });
    expect({ welfare: result.welfare, optimal: result.optimal }).toEqual({ welfare: 3440, optimal: true });
    expect(a.clearing!.resultSha256).toBe(sha256Hex(published));
    expect(metrics.map((m) => m.name)).toEqual(['ClearingSucceeded', 'ClearingMs']);
  });

  it('does nothing before gate closure, then moves cleared → delivering → settled on time', async () => {
    const { store, clock, deps } = setup();
    clock.t = GATE - 1;
    expect(await clearDueAuctions(deps('r0'))).toEqual([]);
    clock.t = GATE;
    await clearDueAuctions(deps('r1'));
    clock.t = Date.parse('2026-12-01T00:00:00Z');
    expect((await clearDueAuctions(deps('r2')))[0]!.transitions).toEqual(['cleared->delivering']);
    clock.t = Date.parse('2026-12-01T01:00:00Z');
    expect((await clearDueAuctions(deps('r3')))[0]!.transitions).toEqual(['delivering->settled']);
    expect(store.auctions.get('A1')!.timestamps).toMatchObject({ deliveringAt: '2026-12-01T00:00:00Z', settledAt: '2026-12-01T01:00:00Z' });
  });

  it('a late tick goes all the way in one run (open → … → settled)', async () => {
    const { store, clock, deps } = setup();
    clock.t = Date.parse('2026-12-02T00:00:00Z');
    const [run] = await clearDueAuctions(deps('late'));
    expect(run!.transitions).toEqual(['open->closed', 'cleared->delivering', 'delivering->settled']);
    expect(store.auctions.get('A1')!.status).toBe('settled');
  });

  it('retries an engine failure on the next tick, keeping the reason, and publishes the same bytes', async () => {
    const clean = await cleanResult();
    const { store, deps, metrics } = setup({ failures: 1 });
    const [first] = await clearDueAuctions(deps('r1'));
    expect(first!.clear).toEqual({ kind: 'retry-later', attempts: 1, reason: 'Error: engine failure 1' });
    expect(store.auctions.get('A1')!.clearing).toMatchObject({ attempts: 1, lastError: 'Error: engine failure 1' });
    const [second] = await clearDueAuctions(deps('r2'));
    expect(second!.clear!.kind).toBe('published');
    expect(store.readPublishedResult('A1')).toBe(clean);
    expect(metrics.map((m) => m.name)).toEqual(['ClearingAttemptFailed', 'ClearingSucceeded', 'ClearingMs']);
  });

  it('fails the auction after maxAttempts failures, with the reason and a ClearingFailed metric', async () => {
    const { store, deps, metrics, logs } = setup({ failures: 10 });
    for (let i = 0; i < 5; i++) await clearDueAuctions(deps(`r${i}`));
    const a = store.auctions.get('A1')!;
    expect(a.status).toBe('failed');
    expect(a.failure).toEqual({ reason: 'Error: engine failure 3', attempts: 3 });
    expect(a.timestamps.failedAt).toBeDefined();
    expect(metrics.filter((m) => m.name === 'ClearingFailed')).toEqual([{ name: 'ClearingFailed', unit: 'Count', value: 1 }]);
    expect(logs.some((l) => l.level === 'error' && l.message === 'auction clearing failed')).toBe(true);
  });

  it('fails at once when the book cannot be assembled (no forecast before gate closure)', async () => {
    const { store, deps, engine } = setup({ noForecast: true });
    const [run] = await clearDueAuctions(deps('r1'));
    expect(run!.clear).toMatchObject({ kind: 'failed', attempts: 1, reason: expect.stringContaining('no forecast') });
    expect(engine.calls).toBe(0);
    expect(store.auctions.get('A1')!.status).toBe('failed');
    expect(decideAfterError(1, 3, new BookAssemblyError('x'))).toBe('fail');
    expect(decideAfterError(1, 3, new Error('x'))).toBe('retry');
    expect(decideAfterError(3, 3, new Error('x'))).toBe('fail');
  });

  it('runs that crash after claiming count as attempts: after maxAttempts expired leases the auction fails', async () => {
    const { store, clock, deps } = setup();
    store.failFromWrite = 3; // transition open→closed (1), claim (2), then every write throws
    await clearDueAuctions(deps('crash-0'));
    for (let i = 1; i <= 2; i++) { // three crashed attempts in all
      clock.t += 90_001;
      store.writes = 1; store.failFromWrite = 3; // the claim succeeds, the rest "crashes"
      await clearDueAuctions(deps(`crash-${i}`));
    }
    clock.t += 90_001;
    store.failFromWrite = undefined;
    const [run] = await clearDueAuctions(deps('after'));
    expect(run!.clear).toEqual({ kind: 'failed', attempts: 3, reason: 'clearing did not finish in 3 attempts (runs timed out or crashed)' });
  });

  it('ten overlapping invocations publish exactly one result, equal to a single clean run', async () => {
    const clean = await cleanResult();
    const { store, engine, deps } = setup();
    const runs = (await Promise.all(Array.from({ length: 10 }, (_, i) => clearDueAuctions(deps(`r${i}`))))).flat();
    expect(runs.filter((r) => r.clear?.kind === 'published')).toHaveLength(1);
    expect(runs.filter((r) => r.clear && r.clear.kind !== 'published').every((r) => r.clear!.kind === 'not-claimed')).toBe(true);
    expect(engine.calls).toBe(1);
    expect(store.readPublishedResult('A1')).toBe(clean);
  });

  it('a crash at ANY write leaves no result or the whole one, and the next run publishes the clean bytes', async () => {
    const clean = await cleanResult();
    const probe = setup();
    await clearDueAuctions(probe.deps('probe'));
    const totalWrites = probe.store.writes;
    expect(totalWrites).toBeGreaterThan(5);
    for (let k = 1; k <= totalWrites; k++) {
      const { store, clock, deps } = setup();
      store.failFromWrite = k;
      await clearDueAuctions(deps(`crash-at-${k}`));
      const visible = store.readPublishedResult('A1');
      expect(visible === undefined || visible === clean).toBe(true);
      store.failFromWrite = undefined;
      clock.t += 90_001; // the crashed run's lease expires
      await clearDueAuctions(deps(`recover-${k}`));
      expect(store.readPublishedResult('A1'), `crash at write ${k}`).toBe(clean);
    }
  });

  it('a run whose lease expired mid-clearing cannot publish over the run that took over', async () => {
    const clean = await cleanResult();
    const { store, clock, engine, deps } = setup();
    const competitor: unknown[] = [];
    engine.during = async () => {
      clock.t += 90_001; // the slow run outlives its lease …
      competitor.push(...(await clearDueAuctions(deps('fast')))); // … and another run takes over and publishes
    };
    const [slow] = await clearDueAuctions(deps('slow'));
    expect(competitor).toMatchObject([{ clear: { kind: 'published' } }]);
    expect(slow!.clear).toEqual({ kind: 'lost-lease' });
    expect(store.readPublishedResult('A1')).toBe(clean);
  });

  it('refuses a lease below MIN_LEASE_MS (heartbeats renew it, so it need not cover the time limit)', () => {
    expect(() => checkClearingConfig({ leaseMs: MIN_LEASE_MS - 1, timeLimitMs: 30_000, maxAttempts: 3 })).toThrow(/leaseMs/);
    expect(() => checkClearingConfig({ leaseMs: 60_000, timeLimitMs: 240_000, maxAttempts: 3 })).not.toThrow();
    expect(() => checkClearingConfig({ leaseMs: 60_000, timeLimitMs: 30_000, maxAttempts: 0 })).toThrow(/maxAttempts/);
  });
});

describe('a forced clear (operator): POST …/clear prepares, the next tick clears', () => {
  it('409 before the gate without force; with force closes the gate now, and the tick clears', async () => {
    const { store, clock, deps } = setup();
    clock.t = GATE - 3_600_000;
    expect(await prepareManualClear(deps('op'), store.auctions.get('A1')!, false)).toMatchObject({ kind: 'conflict' });
    expect(await prepareManualClear(deps('op'), store.auctions.get('A1')!, true)).toMatchObject({ kind: 'ready', transitions: ['open->closed'] });
    const runs = await clearDueAuctions(deps('tick'));
    expect(runs).toMatchObject([{ auctionId: 'A1', clear: { kind: 'published' } }]);
    expect(store.auctions.get('A1')).toMatchObject({ status: 'cleared', gateClosure: '2026-11-30T21:00:00.000Z', timestamps: { closedAt: '2026-11-30T21:00:00Z' } });
  });
  it('force retries a failed auction from zero attempts', async () => {
    const { store, engine, deps } = setup({ failures: 3 });
    for (let i = 0; i < 3; i++) await clearDueAuctions(deps(`r${i}`));
    expect(store.auctions.get('A1')!.status).toBe('failed');
    expect(await prepareManualClear(deps('op'), store.auctions.get('A1')!, true)).toMatchObject({ kind: 'ready' });
    expect(await clearDueAuctions(deps('tick'))).toMatchObject([{ auctionId: 'A1', clear: { kind: 'published' } }]);
    expect(engine.calls).toBe(4);
  });
  it('advanceAuction stops when another invocation moved the auction first', async () => {
    const { store, deps } = setup();
    const stale = store.auctions.get('A1')!;
    store.auctions.set('A1', { ...stale, status: 'closed' });
    expect(await advanceAuction(deps('x'), { ...stale })).toEqual({ auctionId: 'A1', transitions: [] });
  });
});

describe('prepareManualClear: the operator\'s forced close wins over racing bids', () => {
  it('retries a close that lost to concurrent transactions while the auction stays open', async () => {
    const { store, deps } = setup();
    const real = store.closeGate.bind(store);
    let lost = 0;
    store.closeGate = async (...args) => (lost++ < 3 ? false : real(...args));
    const out = await prepareManualClear(deps('op'), store.auctions.get('A1')!, true);
    expect(out).toMatchObject({ kind: 'ready', transitions: ['open->closed'], auction: { status: 'closed' } });
    expect(lost).toBe(4);
  });
  it('gives up after a bounded number of attempts with a 409-style conflict', async () => {
    const { store, deps } = setup();
    let tries = 0;
    store.closeGate = async () => { tries++; return false; };
    expect((await prepareManualClear(deps('op'), store.auctions.get('A1')!, true)).kind).toBe('conflict');
    expect(tries).toBe(CLOSE_GATE_ATTEMPTS);
  });
});

describe('ports', () => {
  it('a Powertools Metrics, used as the metrics port, emits the metric as CloudWatch EMF', () => {
    const metrics = new Metrics({ namespace: 'SurplusBrokerTest', serviceName: 'test' });
    const port: MetricsPort = metrics;
    port.addMetric('ClearingFailed', 'Count', 1);
    const emf = metrics.serializeMetrics();
    expect(emf._aws.CloudWatchMetrics[0]!.Metrics).toEqual([{ Name: 'ClearingFailed', Unit: 'Count' }]);
    expect(emf).toMatchObject({ ClearingFailed: 1, service: 'test' });
  });
  it('a Powertools Logger, used as the logger port, writes one JSON line with the extra fields', () => {
    const lines: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => { lines.push(String(chunk)); return true; });
    try {
      const port: LoggerPort = new Logger({ serviceName: 'test', logLevel: 'INFO' });
      port.info('tick done', { auctions: 2 });
    } finally {
      spy.mockRestore();
    }
    expect(JSON.parse(lines.join(''))).toMatchObject({ level: 'INFO', message: 'tick done', service: 'test', auctions: 2 });
  });
});

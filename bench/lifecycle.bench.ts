// `npm run bench:lifecycle [-- medium|national|stress] [--direct-bids] [--settlement-pages N]
// [--no-fan-out-wait]`: one auction through the lifecycle on DynamoDB
// Local with the real engine: bids stored through the market adapter, then the scheduler tick
// that closes, claims, reads the book (16 shards), solves, writes book and result chunks and
// publishes; then the operator's GET …/result, a bidder's, a curtailment, the settlement JSON and
// CSV, through the real Hono app. Wall-clock figures, printed as a table (docs/benchmarks.md).
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { cpus } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { LOCAL_AWS_ENV, startDynamoDbLocal } from '../apps/local/dynamodb-local';
import { ensureTable } from '../lib/store/create-table';
import { loadConfig } from '../lib/config';
import { createApiRuntime } from '../lib/composition/api';
import { clearingEngine } from '../lib/composition/engine';
import { createKey, generateKey, seedBootstrapKey } from '../lib/market/keys';
import { createAuction } from '../lib/market/auctions';
import { manualClock, sequentialIds } from '../test/support/manual-ports';
import { clearTick } from '../lib/lifecycle/scheduled-ticks';
import { noMetrics } from '../lib/kernel/ports';
import { BOOK_SIZES, generateBook } from './book-generator';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { getItem, tableOf } from '../lib/store/table';
import { lifecycleKeys } from '../lib/store/keys';
import { curtailmentCodec } from '../lib/store/items/curtailment-item';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const args = process.argv.slice(2);
const flag = (name: string) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
const size = (args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--settlement-pages')) ?? 'medium') as 'medium' | 'national' | 'stress';
// The stress size in a few minutes: read only the first N settlement pages (each page is timed
// and sized; a full read is ~500 pages), and do not wait for the 55,000-notice fan-outs (their
// status is printed; the scheduler's repair would finish them) — settlement is then read first.
const settlementPages = Number(flag('--settlement-pages') ?? Number.POSITIVE_INFINITY);
const waitFanOut = !args.includes('--no-fan-out-wait');
const quiet = { info: () => undefined, warn: () => undefined, error: (m: string, ...x: unknown[]) => console.error(m, ...x) };

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const out = await fn();
  return [out, performance.now() - t0];
}

/** Wall clock and this process's CPU time (user + system): on a shared machine the CPU time is
 *  what the step costs, the wall clock also the wait for the cores (DynamoDB Local's own CPU is
 *  in its Java process, in neither). */
async function timedCpu<T>(fn: () => Promise<T>): Promise<[T, number, number]> {
  const c0 = process.cpuUsage();
  const [out, ms] = await timed(fn);
  const c = process.cpuUsage(c0);
  return [out, ms, (c.user + c.system) / 1000];
}

const ddb = await startDynamoDbLocal({ dbPath: null });
try {
  const config = loadConfig({ ...LOCAL_AWS_ENV, DYNAMODB_ENDPOINT: ddb.endpoint, TABLE_NAME: 'bench-lifecycle', LOG_LEVEL: 'ERROR', CLEARING_TIME_LIMIT_S: '60' });
  Object.assign(process.env, LOCAL_AWS_ENV);
  const raw = new DynamoDBClient({ endpoint: ddb.endpoint, region: LOCAL_AWS_ENV.AWS_REGION });
  await ensureTable(raw, config.tableName);
  raw.destroy();
  const clock = manualClock('2026-11-30T12:00:00.000Z');
  // The API's own engine never solves (the clear function does): give it the clearing engine.
  const runtime = createApiRuntime(config, { clock, ids: sequentialIds(), engine: clearingEngine });
  const operator = generateKey();
  await seedBootstrapKey(runtime.market, operator);

  const book = generateBook({ seed: 1, ...BOOK_SIZES[size] });
  const auction = await createAuction(runtime.market, {
    zone: 'PK-NORTH', deliveryStart: '2026-12-01T00:00:00Z', intervalMinutes: book.auction.intervalMinutes, intervalCount: book.intervals.length,
    gateClosure: '2026-11-30T23:00:00Z', pricing: 'uniform', currency: 'USD',
  });
  const forecast = await runtime.app.request(`/v1/auctions/${auction.id}/forecast`, { method: 'PUT', headers: { authorization: `Bearer ${operator}`, 'content-type': 'application/json' }, body: JSON.stringify({ intervals: book.intervals }) });
  if (forecast.status !== 200) throw new Error(`forecast ${forecast.status}`);
  const now = clock.now();
  const stamp = now.toISOString();
  // `--direct-bids` (for the stress book: 220,000 createBid calls take ~20 min here) hands the
  // generated bids to the tick's book read instead of storing them; the tick then skips the
  // 16-shard bid read, and the table says so.
  const direct = process.argv.includes('--direct-bids');
  let next = 0;
  const [, insertMs] = direct ? [undefined, Number.NaN] : await timed(() => Promise.all(Array.from({ length: 32 }, async () => {
    while (next < book.bids.length) {
      const b = book.bids[next++]!;
      const r = await runtime.market.store.bids.createBid({ ...b, auctionId: auction.id, createdAt: stamp, updatedAt: stamp } as never, now);
      if (r !== 'ok') throw new Error(`bid ${b.id}: ${r}`);
    }
  })));
  const store = runtime.lifecycle.store;
  const lifecycle = !direct ? runtime.lifecycle : {
    ...runtime.lifecycle,
    store: { ...store, readBookInputs: async (id: string) => ({ ...(await store.readBookInputs(id)), bids: book.bids.map((b) => ({ ...b, auctionId: id, createdAt: stamp, updatedAt: stamp })) as never }) },
  };
  const bidder = book.bids[0]!.bidder;
  const bidderKey = (await createKey(runtime.market, { role: 'bidder', bidderId: bidder, classes: [book.bids[0]!.class] })).key;

  clock.set('2026-11-30T23:00:01.000Z');
  const [tick, tickMs] = await timed(() => clearTick(lifecycle, { owner: 'bench', metrics: noMetrics, logger: quiet }));
  const run = tick.runs.find((r) => r.auctionId === auction.id);
  if (run?.clear?.kind !== 'published') throw new Error(`not published: ${JSON.stringify(run)}`);
  const [, readMs] = await timed(() => runtime.lifecycle.store.readBookInputs(auction.id));
  const get = (path: string, key: string, accept?: string) => timed(async () => {
    const res = await runtime.app.request(path, { headers: { authorization: `Bearer ${key}`, ...(accept ? { accept } : {}) } });
    const body = await res.text();
    // 206: a file over 4 MB answers its first window unless the client takes gzip (docs/api.md).
    if (res.status !== 200 && res.status !== 206) throw new Error(`${path}: ${res.status} ${body.slice(0, 200)}`);
    return body.length;
  });
  const [resultBytes, resultMs] = await get(`/v1/auctions/${auction.id}/result`, operator);
  const [bookBytes, bookMs] = await get(`/v1/auctions/${auction.id}/book`, operator);
  // One bidder's result, 5 times (the first on a process also warms the key cache): the median.
  const own: [number, number][] = [];
  for (let i = 0; i < 5; i++) { const [, t, cpu] = await timedCpu(() => get(`/v1/auctions/${auction.id}/result`, bidderKey)); own.push([t, cpu]); }
  const ownFirst = own[0]!;
  own.sort((a, b) => a[0] - b[0]);
  const ownMedian = own[2]!;
  const curtailment = async (app: typeof runtime.app, intervals: { index: number; surplusMw: number }[]) => {
    const [cut, cutMs, cutCpuMs] = await timedCpu(async () => {
      const res = await app.request(`/v1/auctions/${auction.id}/curtailments`, {
        method: 'POST', headers: { authorization: `Bearer ${operator}`, 'content-type': 'application/json' },
        body: JSON.stringify({ intervals }),
      });
      return res.json() as Promise<{ notices: number; dispatchVersion: number; fanOut: string }>;
    });
    // The fan-out continues in the background: poll its status until every notice is out.
    const [, fanOutMs] = !waitFanOut ? [undefined, Number.NaN] : await timed(async () => {
      for (;;) {
        const res = await runtime.app.request(`/v1/auctions/${auction.id}/curtailments/${cut.dispatchVersion}`, { headers: { authorization: `Bearer ${operator}` } });
        if (((await res.json()) as { fanOut?: string }).fanOut === 'complete') return;
        await new Promise((r) => setTimeout(r, 20));
      }
    });
    return { cut, cutMs, cutCpuMs, fanOutMs };
  };
  // The first runs on a new API runtime (a cold instance: nothing parsed, nothing cached); the
  // second on the same one finds the published inputs and the dispatch the first committed in
  // its cache (a warm instance).
  const curtailments = async () => {
    const cold = createApiRuntime(config, { clock, ids: sequentialIds(), engine: clearingEngine });
    const first = await curtailment(cold.app, [{ index: 40, surplusMw: 300 }, { index: 41, surplusMw: 300 }]);
    const second = await curtailment(cold.app, [{ index: 50, surplusMw: 500 }, { index: 51, surplusMw: 500 }]);
    // A third on another new runtime: cold, and it must read version 2's dispatch from its record.
    const other = createApiRuntime(config, { clock, ids: sequentialIds(), engine: clearingEngine });
    const third = await curtailment(other.app, [{ index: 60, surplusMw: 400 }, { index: 61, surplusMw: 400 }]);
    return { first, second, third };
  };
  const cuts = waitFanOut ? await curtailments() : undefined;
  const gz = async (path: string) => {
    const [res, t] = await timed(async () => runtime.app.request(path, { headers: { authorization: `Bearer ${operator}`, 'accept-encoding': 'gzip' } }));
    const bytes = (await res.arrayBuffer()).byteLength;
    return { t, bytes, status: res.status, encoding: res.headers.get('content-encoding') ?? 'identity' };
  };
  const resultGz = await gz(`/v1/auctions/${auction.id}/result`);
  const bookGz = await gz(`/v1/auctions/${auction.id}/book`);
  // Every settlement page, with /health polled every 10 ms meanwhile (event-loop stalls show up as its p99).
  const pages = async (accept?: string) => {
    let path: string | undefined = `/v1/auctions/${auction.id}/settlement`;
    const out = { pages: 0, maxBytes: 0, maxMs: 0, totalMs: 0 };
    while (path && out.pages < settlementPages) {
      const [res, t]: [Response, number] = await timed(async () => runtime.app.request(path!, { headers: { authorization: `Bearer ${operator}`, ...(accept ? { accept } : {}) } }));
      const body = await res.text();
      if (res.status !== 200) throw new Error(`${path}: ${res.status} ${body.slice(0, 200)}`);
      out.pages++; out.maxBytes = Math.max(out.maxBytes, body.length); out.maxMs = Math.max(out.maxMs, t); out.totalMs += t;
      const next = accept ? res.headers.get('x-next-cursor') : (JSON.parse(body) as { nextCursor?: string }).nextCursor;
      path = next ? `/v1/auctions/${auction.id}/settlement?cursor=${encodeURIComponent(next)}` : undefined;
    }
    return out;
  };
  // The event loop's delay meanwhile (perf_hooks): what a /health request arriving then would wait.
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  const health: number[] = [];
  let polling = true;
  const poller = (async () => {
    while (polling) {
      const [, t] = await timed(async () => runtime.app.request('/health'));
      health.push(t);
      await new Promise((r) => setTimeout(r, 10));
    }
  })();
  const json = await pages();
  const csv = await pages('text/csv');
  polling = false;
  await poller;
  loopDelay.disable();
  const { first, second, third } = cuts ?? await curtailments();
  const rssMb = process.memoryUsage().rss / 2 ** 20;
  // What each committed version stored: its record (gzip) and, since issue 9, its dispatch delta alone.
  const sizesClient = new DynamoDBClient({ endpoint: ddb.endpoint, region: LOCAL_AWS_ENV.AWS_REGION });
  const sizesTable = tableOf(DynamoDBDocumentClient.from(sizesClient), config.tableName);
  const stored = await Promise.all([1, 2, 3].map(async (v) => {
    const item = await getItem(sizesTable, lifecycleKeys.curtailment(auction.id, v));
    return item && curtailmentCodec.decode(item);
  }));
  sizesClient.destroy();
  health.sort((a, b) => a - b);
  const p99 = health[Math.min(health.length - 1, Math.floor(health.length * 0.99))] ?? 0;

  const mb = (n: number) => `${(n / 1e6).toFixed(2)} MB`;
  const kb = (n: number) => `${(n / 1e3).toFixed(1)} KB`;
  const ms = (n: number) => `${Math.round(n).toLocaleString('en-US')} ms`;
  console.log(`lifecycle bench: ${size} book (${book.intervals.length} intervals, ${book.bids.length.toLocaleString('en-US')} bids), ${cpus().length} cores, Node ${process.version}, ${new Date().toISOString()}`);
  console.log('| step | time | size |');
  console.log('|---|---:|---:|');
  console.log(direct ? `| bids handed to the tick directly (--direct-bids): not stored, the tick's bid read skipped | | |` : `| store ${book.bids.length.toLocaleString('en-US')} bids (createBid, 32 concurrent) | ${ms(insertMs)} | |`);
  console.log(`| scheduler tick: close, claim, read book, solve, write book + result, publish | ${ms(tickMs)} | book ${mb(bookBytes)}, result ${mb(resultBytes)} |`);
  console.log(`| read the book inputs again, alone (16 shards + forecasts) | ${ms(readMs)} | |`);
  console.log(`| GET …/result (operator, no gzip: whole file or first 4 MB window) | ${ms(resultMs)} | ${mb(resultBytes)} |`);
  console.log(`| GET …/result (operator, Accept-Encoding: gzip → ${resultGz.status} ${resultGz.encoding}) | ${ms(resultGz.t)} | ${mb(resultGz.bytes)} |`);
  console.log(`| GET …/book (operator, no gzip) | ${ms(bookMs)} | ${mb(bookBytes)} |`);
  console.log(`| GET …/book (operator, gzip → ${bookGz.status} ${bookGz.encoding}) | ${ms(bookGz.t)} | ${mb(bookGz.bytes)} |`);
  console.log(`| GET …/result (one bidder, per-bidder index): first / median of 5 | ${ms(ownFirst[0])} / ${ms(ownMedian[0])} (CPU ${ms(ownFirst[1])} / ${ms(ownMedian[1])}) | |`);
  for (const [label, c] of [['first, cold process', first], ['second, warm process', second], ['third, cold process after 2 curtailments', third]] as const) {
    console.log(`| POST …/curtailments (${label}), 2 intervals → ${c.cut.notices.toLocaleString('en-US')} notices: the answer (fanOut ${c.cut.fanOut}) | ${ms(c.cutMs)} (CPU ${ms(c.cutCpuMs)}) | |`);
    console.log(waitFanOut
      ? `| … background fan-out until GET …/curtailments/${c.cut.dispatchVersion} says complete | ${ms(c.fanOutMs)} | |`
      : `| … background fan-out: not awaited (--no-fan-out-wait) | | |`);
  }
  const of = (p: { pages: number }) => (Number.isFinite(settlementPages) ? `first ${p.pages} pages (--settlement-pages)` : `${p.pages} pages`);
  console.log(`| GET …/settlement JSON, operator: ${of(json)} | max ${ms(json.maxMs)}/page, ${ms(json.totalMs)} in all | max page ${mb(json.maxBytes)} |`);
  console.log(`| GET …/settlement CSV, operator: ${of(csv)} | max ${ms(csv.maxMs)}/page, ${ms(csv.totalMs)} in all | max page ${mb(csv.maxBytes)} |`);
  console.log(`| GET /health every 10 ms while the settlement pages are read: p99 of ${health.length} answered | ${ms(p99)} | |`);
  console.log(`| event-loop delay meanwhile (a request's wait before it runs): p99 / max | ${ms(loopDelay.percentile(99) / 1e6)} / ${ms(loopDelay.max / 1e6)} | |`);
  console.log(`| stored curtailment records, versions 1–3 (gzip): record / dispatch delta alone | | ${stored.map((c) => (c ? `${kb(c.bytes)} / ${c.dispatch ? kb(c.dispatch.bytes) : '—'}` : 'missing')).join(', ')} |`);
  console.log(`| process RSS at the end | | ${Math.round(rssMb).toLocaleString('en-US')} MiB |`);
} finally {
  await ddb.stop();
}

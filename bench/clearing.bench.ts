// `npm run bench` (add `-- --stress` for the 200,000-miner book): clears seeded Pakistan-like
// books, each size in its own process so peak RSS is its own, and prints median solve time over
// RUNS runs, peak RSS, welfare, bound, gap, optimal — and, for small and medium, HiGHS on the naive
// formulation beside it. Each size runs at two AI demand levels (block energy 0.75× and 1.5× the
// surplus energy; `BENCH_SHARES=0.75` for one), then the featured books of market design v2 (groups,
// links, profiles, indexed steps, firmMw; bench/featured-book.ts) at 1.0× (`BENCH_FEATURED=0` to
// skip them), then issue 15's competitive-regime books (bench/competitive-books.ts: AI 1.5× and 3×
// at medium and national size, pay-as-bid medium books, a 672-interval week) with HiGHS' naive MIP
// on the medium 1.5× uniform book. Figures go to docs/benchmarks.md.
//
// Environment knobs:
//   BENCH_RUNS=3          warm runs per book (their median is printed; one cold run before them)
//   BENCH_SHARES=0.75,1.5 AI demand levels of the small/medium/national rows (`none`: no such rows)
//   BENCH_FEATURED=0      skip the featured (market design v2) books
//   BENCH_COMPETITIVE=0   skip the competitive-regime books and their naive MIP (the long part)
//   BENCH_NAIVE_CAP_S     HiGHS' time limit on the naive MIP, in seconds; when unset, 60 s for the
//                         small/medium comparisons and 500 s for the competitive one
//   BENCH_NAIVE=0         skip the competitive naive MIP only (keep the competitive books)
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { clearBook, validateBook } from '../lib/clearing';
import { loadHighs } from '../lib/clearing/highs-runtime';
import { BLOCK_ENERGY_SHARE, BOOK_SIZES, generateBook } from './book-generator';
import { COMPETITIVE_BOOKS, COMPETITIVE_NAIVE_CAP_S, competitiveTables, sameBook, specOptions, type BookSpec, type MeasuredRow } from './competitive-books';
import { featureBook } from './featured-book';
import { solveNaive, type NaiveResult } from './naive-highs';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const NAIVE_CAP_S = Number(process.env.BENCH_NAIVE_CAP_S ?? 60);
type Size = keyof typeof BOOK_SIZES;

interface Row extends MeasuredRow {
  size: Size; featured: boolean; share: number; miners: number; blocks: number; coldMs: number; medianMs: number; runsMs: number[]; rssMb: number;
  welfare: number; bound: number; gapPct: number; optimal: boolean; stats: Record<string, unknown>;
  naive?: { ms: number; welfare: number; status: string; capped: boolean; cols: number };
}

async function one(spec: BookSpec, naive: boolean, featured: boolean): Promise<Row> {
  const size = spec.size;
  const plain = generateBook(specOptions(spec));
  const book = featured ? featureBook(plain, 1) : plain;
  const v = validateBook(book);
  if (!v.ok) throw new Error(`generated ${size} book invalid: ${v.issues[0]?.path} ${v.issues[0]?.message}`);
  await loadHighs();
  const times: number[] = [];
  let result;
  for (let i = 0; i < RUNS + 1; i++) {
    const t0 = performance.now();
    result = await clearBook(v.book, { timings: true, timeLimitMs: 120_000 });
    times.push(performance.now() - t0);
  }
  const warm = times.slice(1).sort((a, b) => a - b);
  const r = result!;
  const row: Row = {
    spec, size, featured, share: spec.share, miners: BOOK_SIZES[size].miners, blocks: spec.blocks ?? BOOK_SIZES[size].blocks,
    coldMs: times[0]!, medianMs: warm[Math.floor(warm.length / 2)]!, runsMs: times.slice(1),
    rssMb: process.resourceUsage().maxRSS / 1024,
    welfare: r.welfare, bound: r.bound, gapPct: ((r.bound - r.welfare) / Math.max(1, Math.abs(r.bound))) * 100, optimal: r.optimal,
    stats: r.stats,
  };
  if (naive && (size === 'small' || size === 'medium')) {
    const highs = await loadHighs();
    const n = solveNaive(highs, v.book, NAIVE_CAP_S);
    row.naive = { ms: n.ms, welfare: n.welfare, status: n.status, capped: n.capped, cols: n.cols };
  }
  return row;
}

const fmt = (x: number | null, d = 0) => x === null || !Number.isFinite(x) ? 'n/a' : x.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });

async function mainBench(): Promise<void> {
  const only = process.argv.indexOf('--one');
  if (only >= 0) {
    const spec: BookSpec = { size: process.argv[only + 1] as Size, share: BLOCK_ENERGY_SHARE };
    process.stdout.write(`${JSON.stringify(await one(spec, process.argv.includes('--naive'), process.argv.includes('--featured')))}\n`);
    return;
  }
  const book = process.argv.indexOf('--book'); // a competitive book, given as its BookSpec's JSON
  if (book >= 0) {
    process.stdout.write(`${JSON.stringify(await one(JSON.parse(process.argv[book + 1]!) as BookSpec, false, false))}\n`);
    return;
  }
  const naiveBook = process.argv.indexOf('--naive-book'); // HiGHS' naive MIP alone on a BookSpec's book
  if (naiveBook >= 0) {
    const v = validateBook(generateBook(specOptions(JSON.parse(process.argv[naiveBook + 1]!) as BookSpec)));
    if (!v.ok) throw new Error(`generated book invalid: ${v.issues[0]?.path} ${v.issues[0]?.message}`);
    process.stdout.write(`${JSON.stringify(solveNaive(await loadHighs(), v.book, COMPETITIVE_NAIVE_CAP_S))}\n`);
    return;
  }
  const sizes: Size[] = ['small', 'medium', 'national', ...(process.argv.includes('--stress') ? ['stress' as const] : [])];
  const self = fileURLToPath(import.meta.url);
  const rows: Row[] = [];
  // BENCH_SHARES=none: only the featured books
  const shares = (process.env.BENCH_SHARES ?? '0.75,1.5').split(',').map(Number).filter((x) => x > 0);
  const child = <T>(args: string[], env: NodeJS.ProcessEnv = process.env): T => {
    const out = execFileSync(process.execPath, [...process.execArgv, self, ...args], { encoding: 'utf8', maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'inherit'], env });
    return JSON.parse(out.trim().split('\n').at(-1)!) as T;
  };
  const run = (size: Size, share: number, flags: string[]) => {
    process.stderr.write(`clearing ${size} at ${share}×${flags.includes('--featured') ? ', featured' : ''}…\n`);
    rows.push(child<Row>(['--one', size, ...flags], { ...process.env, BENCH_BLOCK_SHARE: String(share) }));
  };
  for (const share of shares) {
    for (const size of sizes) {
      if (size === 'stress' && share !== shares[0]) continue; // one stress run is long enough
      run(size, share, share === shares[0] ? ['--naive'] : []);
    }
  }
  if (process.env.BENCH_FEATURED !== '0') for (const size of ['small', 'medium', 'national'] as const) run(size, 1, ['--featured']);
  const competitive: (Row & { reused?: boolean })[] = [];
  const naive: { spec: BookSpec; result: NaiveResult }[] = [];
  if (process.env.BENCH_COMPETITIVE !== '0') {
    for (const spec of COMPETITIVE_BOOKS) {
      const { naive: withNaive, ...bookSpec } = spec;
      const done = rows.find((r) => !r.featured && sameBook(r.spec, bookSpec));
      if (done) competitive.push({ ...done, reused: true });
      else {
        process.stderr.write(`clearing competitive ${JSON.stringify(bookSpec)}…\n`);
        competitive.push(child<Row>(['--book', JSON.stringify(bookSpec)]));
      }
      if (withNaive && process.env.BENCH_NAIVE !== '0') {
        process.stderr.write(`naive HiGHS MIP on ${JSON.stringify(bookSpec)}, cap ${COMPETITIVE_NAIVE_CAP_S} s…\n`);
        naive.push({ spec: bookSpec, result: child<NaiveResult>(['--naive-book', JSON.stringify(bookSpec)]) });
      }
    }
  }
  const head = `clearing benchmark — ${new Date().toISOString()} — node ${process.version}, ${RUNS} warm runs (median), 1 cold run`;
  const lines = [
    head,
    ...(rows.length === 0 ? [] : [
    '',
    '| book | AI demand | miners | blocks | median ms | cold ms | peak RSS MB | welfare | bound | gap % | optimal | method | stopped by |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---|',
    ...rows.map((r) => `| ${r.size}${r.featured ? ' featured' : ''} | ${r.share}× | ${fmt(r.miners)} | ${fmt(r.blocks)} | ${fmt(r.medianMs, 1)} | ${fmt(r.coldMs, 0)} | ${fmt(r.rssMb, 0)} | ${fmt(r.welfare, 2)} | ${fmt(r.bound, 2)} | ${r.gapPct.toFixed(5)} | ${r.optimal} | ${String(r.stats.method)} | ${String(r.stats.stoppedBy)} |`),
    '',
    '| book | naive HiGHS ms | naive status | naive columns | naive welfare | engine welfare − naive (%) | time ratio naive / engine |',
    '|---|---:|---|---:|---:|---:|---:|',
    ...rows.filter((r) => r.naive).map((r) => {
      const n = r.naive!;
      const diff = n.welfare === null || !Number.isFinite(n.welfare) ? 'naive has no solution' : `${r.welfare >= n.welfare ? '+' : ''}${(((r.welfare - n.welfare) / Math.abs(n.welfare)) * 100).toFixed(5)}`;
      return `| ${r.size} | ${fmt(n.ms, 0)}${n.capped ? ` (capped at ${NAIVE_CAP_S} s)` : ''} | ${n.status} | ${fmt(n.cols)} | ${fmt(n.welfare, 2)} | ${diff} | ${n.capped ? '≥ ' : ''}${fmt(n.ms / r.medianMs, 1)}× |`;
    }),
    ]),
    ...(competitive.length ? ['', ...competitiveTables(competitive, naive)] : []),
    '',
    'runs (ms): ' + [...rows, ...competitive.filter((r) => !r.reused)].map((r) => `${r.size}${r.featured ? ' featured' : ''} ${r.share}×${r.blocks !== BOOK_SIZES[r.size].blocks ? ` ${r.blocks} blocks` : ''}${r.spec.pricing === 'pay-as-bid' ? ' pay-as-bid' : ''} [${r.runsMs.map((x) => x.toFixed(0)).join(', ')}]`).join('; '),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

await mainBench();

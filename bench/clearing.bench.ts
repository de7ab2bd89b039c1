// `npm run bench` (add `-- --stress` for the 200,000-miner book): clears seeded Pakistan-like
// books, each size in its own process so peak RSS is its own, and prints median solve time over
// RUNS runs, peak RSS, welfare, bound, gap, optimal — and, for small and medium, HiGHS on the naive
// formulation beside it. Each size runs at two AI demand levels (block energy 0.75× and 1.5× the
// surplus energy; `BENCH_SHARES=0.75` for one), then the featured books of market design v2 (groups,
// links, profiles, indexed steps, firmMw; bench/featured-book.ts) at 1.0× (`BENCH_FEATURED=0` to
// skip them). Figures go to docs/benchmarks.md.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { clearBook, validateBook } from '../lib/clearing';
import { loadHighs } from '../lib/clearing/highs-runtime';
import { BLOCK_ENERGY_SHARE, BOOK_SIZES, generateBook } from './book-generator';
import { featureBook } from './featured-book';
import { solveNaive } from './naive-highs';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const NAIVE_CAP_S = Number(process.env.BENCH_NAIVE_CAP_S ?? 60);
type Size = keyof typeof BOOK_SIZES;

interface Row {
  size: Size; featured: boolean; share: number; miners: number; blocks: number; coldMs: number; medianMs: number; runsMs: number[]; rssMb: number;
  welfare: number; bound: number; gapPct: number; optimal: boolean; stats: Record<string, unknown>;
  naive?: { ms: number; welfare: number; status: string; capped: boolean; cols: number };
}

async function one(size: Size, naive: boolean, featured: boolean): Promise<Row> {
  const plain = generateBook({ seed: 1, ...BOOK_SIZES[size] });
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
    size, featured, share: BLOCK_ENERGY_SHARE, miners: BOOK_SIZES[size].miners, blocks: BOOK_SIZES[size].blocks,
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
    process.stdout.write(`${JSON.stringify(await one(process.argv[only + 1] as Size, process.argv.includes('--naive'), process.argv.includes('--featured')))}\n`);
    return;
  }
  const sizes: Size[] = ['small', 'medium', 'national', ...(process.argv.includes('--stress') ? ['stress' as const] : [])];
  const self = fileURLToPath(import.meta.url);
  const rows: Row[] = [];
  // BENCH_SHARES=none: only the featured books
  const shares = (process.env.BENCH_SHARES ?? '0.75,1.5').split(',').map(Number).filter((x) => x > 0);
  const run = (size: Size, share: number, flags: string[]) => {
    process.stderr.write(`clearing ${size} at ${share}×${flags.includes('--featured') ? ', featured' : ''}…\n`);
    const out = execFileSync(process.execPath, [...process.execArgv, self, '--one', size, ...flags], {
      encoding: 'utf8', maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, BENCH_BLOCK_SHARE: String(share) },
    });
    rows.push(JSON.parse(out.trim().split('\n').at(-1)!) as Row);
  };
  for (const share of shares) {
    for (const size of sizes) {
      if (size === 'stress' && share !== shares[0]) continue; // one stress run is long enough
      run(size, share, share === shares[0] ? ['--naive'] : []);
    }
  }
  if (process.env.BENCH_FEATURED !== '0') for (const size of ['small', 'medium', 'national'] as const) run(size, 1, ['--featured']);
  const lines = [
    `clearing benchmark — ${new Date().toISOString()} — node ${process.version}, ${RUNS} warm runs (median), 1 cold run`,
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
    '',
    'runs (ms): ' + rows.map((r) => `${r.size}${r.featured ? ' featured' : ''} ${r.share}× [${r.runsMs.map((x) => x.toFixed(0)).join(', ')}]`).join('; '),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

await mainBench();

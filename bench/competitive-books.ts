// Issue 15's competitive-regime books for `npm run bench`: AI blocks asking 1.5× and 3× the
// surplus energy at medium and national size (blocks doubled at 3×: 600 medium, 4,000 national),
// pay-as-bid variants of the medium books, and a 672-interval week (7 × 96 × 15 min, 2,000 miners,
// 1,000 blocks, AI 0.8×). HiGHS' naive MIP (bench/naive-highs.ts) runs on the medium 1.5× uniform
// book with a 500 s cap (BENCH_NAIVE_CAP_S overrides), in a process of its own, so that the
// engine's peak RSS is the engine's. All books are seed 1 of bench/book-generator.ts.
import { BOOK_SIZES, type GeneratorOptions } from './book-generator';
import type { NaiveResult } from './naive-highs';

export type Size = keyof typeof BOOK_SIZES;
export type Pricing = 'uniform' | 'pay-as-bid';

/** A generated book: its size, the AI block energy share, and what differs from the size. */
export interface BookSpec { size: Size; share: number; blocks?: number; pricing?: Pricing }
export interface CompetitiveBook extends BookSpec { naive?: boolean }

export const COMPETITIVE_BOOKS: readonly CompetitiveBook[] = [
  { size: 'medium', share: 1.5, naive: true },
  { size: 'medium', share: 1.5, pricing: 'pay-as-bid' },
  { size: 'medium', share: 3, blocks: 600 },
  { size: 'medium', share: 3, blocks: 600, pricing: 'pay-as-bid' },
  { size: 'national', share: 1.5 },
  { size: 'national', share: 3, blocks: 4_000 },
  { size: 'week', share: 0.8 },
];

export const COMPETITIVE_NAIVE_CAP_S = Number(process.env.BENCH_NAIVE_CAP_S ?? 500);

export function specOptions(s: BookSpec, seed = 1): GeneratorOptions {
  return { seed, ...BOOK_SIZES[s.size], blockShare: s.share, ...(s.blocks ? { blocks: s.blocks } : {}), ...(s.pricing ? { pricing: s.pricing } : {}) };
}

/** Same generated book (the old rows pass no pricing and no block count: uniform, the size's). */
export const sameBook = (a: BookSpec, b: BookSpec) =>
  a.size === b.size && a.share === b.share && (a.blocks ?? BOOK_SIZES[a.size].blocks) === (b.blocks ?? BOOK_SIZES[b.size].blocks) && (a.pricing ?? 'uniform') === (b.pricing ?? 'uniform');

export function specLabel(s: BookSpec): string {
  const z = BOOK_SIZES[s.size];
  const blocks = s.blocks ?? z.blocks;
  const doubled = blocks === 2 * z.blocks ? ' (doubled at 3×)' : blocks !== z.blocks ? ` (size's ${z.blocks.toLocaleString('en-US')})` : '';
  return `${s.size}: ${z.intervals} × ${z.intervalMinutes} min, ${z.miners.toLocaleString('en-US')} miners, ${blocks.toLocaleString('en-US')} blocks${doubled}`;
}

export interface MeasuredRow {
  spec: BookSpec; coldMs: number; medianMs: number; runsMs: number[]; rssMb: number;
  welfare: number; bound: number; gapPct: number; optimal: boolean; stats: Record<string, unknown>;
}

const fmt = (x: number | null | undefined, d = 0) => x === null || x === undefined || !Number.isFinite(x) ? 'n/a' : x.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
const pct = (x: number) => !Number.isFinite(x) ? 'n/a' : `${x >= 0 ? '+' : ''}${x.toFixed(4)}`;

/** The competitive table and the naive comparison beside it, as markdown lines. */
export function competitiveTables(rows: readonly (MeasuredRow & { reused?: boolean })[], naive: readonly { spec: BookSpec; result: NaiveResult }[]): string[] {
  const lines = [
    `competitive regime (issue 15) — seed 1; the median of the warm runs and one cold run`,
    '',
    '| book | AI demand | pricing | median ms | cold ms | peak RSS MB | welfare | bound | gap % | optimal | method | stopped by |',
    '|---|---:|---|---:|---:|---:|---:|---:|---:|---|---|---|',
    ...rows.map((r) => `| ${specLabel(r.spec)}${r.reused ? ' ‡' : ''} | ${r.spec.share}× | ${r.spec.pricing ?? 'uniform'} | ${fmt(r.medianMs, 1)} | ${fmt(r.coldMs, 0)} | ${fmt(r.rssMb, 0)} | ${fmt(r.welfare, 2)} | ${fmt(r.bound, 2)} | ${r.gapPct.toFixed(5)} | ${r.optimal} | ${String(r.stats.method)} | ${String(r.stats.stoppedBy)} |`),
  ];
  if (rows.some((r) => r.reused)) lines.push('', '‡ the same book as its row in the table above: that measurement, not a second one');
  if (naive.length === 0) return lines;
  lines.push(
    '',
    '| book | naive HiGHS ms | naive status | naive columns / rows | naive welfare | naive dual bound | naive gap % | engine welfare | engine − naive (%) | engine bound − naive bound (%) |',
    '|---|---:|---|---:|---:|---:|---:|---:|---:|---:|',
    ...naive.map(({ spec, result }) => {
      // NaN and ±Infinity (no incumbent, no bound) arrive from the child's JSON as null
      const n = { ...result, welfare: Number(result.welfare ?? NaN), dualBound: Number(result.dualBound ?? NaN) };
      const e = rows.find((r) => sameBook(r.spec, spec));
      const naiveGap = ((n.dualBound - n.welfare) / Math.max(1, Math.abs(n.dualBound))) * 100;
      const diff = !e ? NaN : ((e.welfare - n.welfare) / Math.abs(n.welfare)) * 100;
      const boundDiff = !e ? NaN : ((e.bound - n.dualBound) / Math.abs(n.dualBound)) * 100;
      return `| ${specLabel(spec)}, AI ${spec.share}×, ${spec.pricing ?? 'uniform'} | ${fmt(n.ms, 0)}${n.capped ? ` (capped at ${COMPETITIVE_NAIVE_CAP_S} s)` : ''} | ${n.status} | ${fmt(n.cols)} / ${fmt(n.rows)} | ${Number.isFinite(n.welfare) ? fmt(n.welfare, 2) : 'no solution'} | ${fmt(n.dualBound, 2)} | ${Number.isFinite(naiveGap) ? naiveGap.toFixed(5) : 'n/a'} | ${fmt(e?.welfare, 2)} | ${pct(diff)} | ${pct(boundDiff)} |`;
    }),
  );
  return lines;
}

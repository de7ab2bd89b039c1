// `npm run bench:settlement [-- medium|national]`: the pure settlement of one seeded book (the
// work behind the first page of GET …/settlement), alone: the book is cleared once, then `settle`
// runs BENCH_RUNS times (default 3); prints the median and the line count. Wall clock.
import { cpus } from 'node:os';
import { BOOK_SIZES, generateBook } from './book-generator';
import { clearingEngine } from '../lib/composition/engine';
import { dispatchFromResult } from '../lib/lifecycle/dispatch';
import { settle } from '../lib/lifecycle/settle';

const size = (process.argv[2] ?? 'national') as 'medium' | 'national';
const runs = Number(process.env.BENCH_RUNS ?? 3);
const book = generateBook({ seed: 1, ...BOOK_SIZES[size] });
const result = await clearingEngine.clear(book, { timeLimitMs: 60_000 });
const dispatch = dispatchFromResult(book, result);
const times: number[] = [];
let lines = 0;
for (let i = 0; i < runs; i++) {
  const t0 = performance.now();
  const s = settle({ book, result, dispatch, final: false });
  times.push(performance.now() - t0);
  lines = s.statements.reduce((n, st) => n + st.lines.length, 0);
}
times.sort((a, b) => a - b);
console.log(`settlement bench: ${size} book (${book.bids.length.toLocaleString('en-US')} bids, ${lines.toLocaleString('en-US')} lines), ${cpus().length} cores, Node ${process.version}, ${new Date().toISOString()}`);
console.log(`settle: median ${Math.round(times[Math.floor(times.length / 2)]!).toLocaleString('en-US')} ms of ${runs} runs (min ${Math.round(times[0]!)} ms)`);

// `broker clear BOOK.json [-o RESULT.json] [--time-limit S] [--timings]`: replays a published
// book offline and prints (or writes) the result file, byte for byte what the broker publishes.
// Exit codes: 0 cleared, 2 usage error or invalid book (each offending field path listed), 1 I/O.
import { clearBook, serializeResult, validateBook } from '../../lib/clearing';
import type { CliCommand, CliIo } from './io';

const USAGE = 'usage: broker clear BOOK.json [-o RESULT.json] [--time-limit SECONDS] [--timings]';

interface ClearArgs { book: string; output?: string; timeLimitS?: number; timings: boolean }

function parse(args: string[]): ClearArgs | string {
  const out: Partial<ClearArgs> & { timings: boolean } = { timings: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-o' || a === '--output') {
      const v = args[++i];
      if (v === undefined) return `${a} needs a file name`;
      out.output = v;
    } else if (a === '--time-limit' || a.startsWith('--time-limit=')) {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : args[++i];
      const n = Number(v);
      if (v === undefined || v === '' || !Number.isFinite(n) || n <= 0) return `--time-limit needs a positive number of seconds, got ${v ?? 'nothing'}`;
      out.timeLimitS = n;
    } else if (a === '--timings') {
      out.timings = true;
    } else if (a.startsWith('-') && a !== '-') {
      return `unknown option ${a}`;
    } else if (out.book === undefined) {
      out.book = a;
    } else {
      return `unexpected argument ${a}`;
    }
  }
  if (out.book === undefined) return 'missing BOOK.json';
  return out as ClearArgs;
}

async function run(argv: string[], io: CliIo): Promise<number> {
  if (argv.includes('-h') || argv.includes('--help')) { io.stdout(`${USAGE}\n`); return 0; }
  const args = parse(argv);
  if (typeof args === 'string') { io.stderr(`broker clear: ${args}\n${USAGE}\n`); return 2; }
  let text: string;
  try {
    text = await io.readFile(args.book);
  } catch (err) {
    io.stderr(`broker clear: cannot read ${args.book}: ${(err as Error).message}\n`);
    return 1;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    io.stderr(`broker clear: ${args.book} is not valid JSON: ${(err as Error).message}\n`);
    return 2;
  }
  const v = validateBook(json);
  if (!v.ok) {
    io.stderr(`broker clear: ${args.book} is not a valid surplus-auction/v1 book:\n${v.issues.map((i) => `  ${i.path}: ${i.message}\n`).join('')}`);
    return 2;
  }
  const result = await clearBook(v.book, {
    ...(args.timeLimitS !== undefined ? { timeLimitMs: args.timeLimitS * 1000 } : {}),
    timings: args.timings,
  });
  const bytes = serializeResult(result);
  if (args.output === undefined) {
    io.stdout(bytes);
  } else {
    try {
      await io.writeFile(args.output, bytes);
    } catch (err) {
      io.stderr(`broker clear: cannot write ${args.output}: ${(err as Error).message}\n`);
      return 1;
    }
    io.stderr(`cleared ${result.auctionId}: welfare ${result.welfare}, bound ${result.bound}, optimal ${result.optimal} → ${args.output}\n`);
  }
  return 0;
}

export const clearCommand: CliCommand = { summary: 'clear a book file offline: broker clear BOOK.json [-o RESULT.json]', usage: USAGE, run };

// `broker clear BOOK.json [-o RESULT.json] [--time-limit S] [--timings] [--engine VERSION]`: replays
// a published book offline and prints (or writes) the result file, byte for byte what the broker
// publishes. --engine selects the engine version a result names in stats.engine (absent: version 1).
// Exit codes: 0 cleared, 2 usage error or invalid book (each offending field path listed), 1 I/O.
import { z } from 'zod';
import { clearBook, ENGINE_VERSIONS, EngineVersionSchema, serializeResult, validateBook } from '../../../lib/clearing';
import { defineCommand, usageFrom } from '../command';
import { errorText, FailureError, InputError, UsageError } from '../errors';

const USAGE = 'broker clear BOOK.json [-o RESULT.json] [--time-limit SECONDS] [--timings] [--engine VERSION]';

const TimeLimitSchema = z.string().min(1).transform(Number).pipe(z.number().positive());

const ArgsSchema = z.object({
  book: z.string({ error: 'missing BOOK.json' }),
  output: z.string().optional(),
  timeLimitS: z.number().positive().optional(),
  timings: z.boolean(),
  engine: EngineVersionSchema.optional(),
});
type ClearArgs = z.infer<typeof ArgsSchema>;

/** Its own tokenizer (not parseArgs): `-` is a file name, `--time-limit=S` is accepted, and each
 * message names the first offending token, as this command always has. */
function parse(args: string[]): ClearArgs {
  const raw: Record<string, unknown> = { timings: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-o' || a === '--output') {
      const v = args[++i];
      if (v === undefined) throw new UsageError(`${a} needs a file name`);
      raw.output = v;
    } else if (a === '--time-limit' || a.startsWith('--time-limit=')) {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : args[++i];
      const limit = TimeLimitSchema.safeParse(v);
      if (!limit.success) throw new UsageError(`--time-limit needs a positive number of seconds, got ${v ?? 'nothing'}`);
      raw.timeLimitS = limit.data;
    } else if (a === '--engine' || a.startsWith('--engine=')) {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : args[++i];
      const engine = EngineVersionSchema.safeParse(v);
      if (!engine.success) throw new UsageError(`--engine needs one of ${ENGINE_VERSIONS.join(', ')}, got ${v ?? 'nothing'}`);
      raw.engine = engine.data;
    } else if (a === '--timings') {
      raw.timings = true;
    } else if (a.startsWith('-') && a !== '-') {
      throw new UsageError(`unknown option ${a}`);
    } else if (raw.book === undefined) {
      raw.book = a;
    } else {
      throw new UsageError(`unexpected argument ${a}`);
    }
  }
  const parsed = ArgsSchema.safeParse(raw);
  if (!parsed.success) throw usageFrom(parsed.error);
  return parsed.data;
}

export const clearBookFile = defineCommand({
  name: 'clear',
  summary: 'clear a book file offline: broker clear BOOK.json [-o RESULT.json]',
  usage: USAGE,
  help: `usage: ${USAGE}\n  --engine VERSION  replay with an earlier engine version (${ENGINE_VERSIONS.join(', ')}): the one a result names in stats.engine, version 1 when it names none`,
  parse,
  async run({ args, io }) {
    let text: string;
    try {
      text = await io.readFile(args.book);
    } catch (error) {
      throw new FailureError(`cannot read ${args.book}: ${errorText(error)}`);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new InputError(`${args.book} is not valid JSON: ${errorText(error)}`);
    }
    const v = validateBook(json);
    if (!v.ok) throw new InputError(`${args.book} is not a valid surplus-auction/v1 book:${v.issues.map((i) => `\n  ${i.path}: ${i.message}`).join('')}`);
    const result = await clearBook(v.book, {
      ...(args.timeLimitS !== undefined ? { timeLimitMs: args.timeLimitS * 1000 } : {}),
      timings: args.timings,
      ...(args.engine !== undefined ? { engine: args.engine } : {}),
    });
    const bytes = serializeResult(result);
    if (args.output === undefined) {
      io.stdout(bytes);
      return 0;
    }
    try {
      await io.writeFile(args.output, bytes);
    } catch (error) {
      throw new FailureError(`cannot write ${args.output}: ${errorText(error)}`);
    }
    io.stderr(`cleared ${result.auctionId}: welfare ${result.welfare}, bound ${result.bound}, optimal ${result.optimal} → ${args.output}\n`);
    return 0;
  },
});

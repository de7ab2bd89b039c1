// What every `broker` command is: a name (one or two words), a summary and usage line, its
// options parsed into a typed value by a zod schema, and run(ctx) returning the exit code
// (0 ok; failures are thrown as CliErrors and typed API errors, see errors.ts).
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { z } from 'zod';
import type { ApiClient } from '../../lib/api-client';
import { DEFAULT_BROKER_URL } from './config';
import { UsageError } from './errors';
import type { CliIo } from './io';

export interface CommandContext<A> {
  args: A;
  io: CliIo;
  /** The broker's API client; throws a UsageError when BROKER_KEY or BROKER_URL is unusable. */
  client(): ApiClient;
}

export interface CommandSpec<A> {
  name: string;
  summary: string;
  usage: string;
  /** What --help prints; by default the summary, the usage and the environment. */
  help?: string;
  /** The arguments after the name → validated options (throws UsageError). */
  parse(args: string[]): A;
  run(ctx: CommandContext<A>): Promise<number>;
}

/** A command with its option type sealed in: what the registry and the runner hold. */
export interface Command {
  name: string;
  summary: string;
  usage: string;
  help: string;
  execute(args: string[], ctx: Omit<CommandContext<unknown>, 'args'>): Promise<number>;
}

export function defineCommand<A>(spec: CommandSpec<A>): Command {
  return {
    name: spec.name,
    summary: spec.summary,
    usage: spec.usage,
    help: spec.help ?? `${spec.summary}\n\nusage: ${spec.usage}\n\nEnvironment: BROKER_URL (default ${DEFAULT_BROKER_URL}), BROKER_KEY (your API key).`,
    execute: (args, ctx) => spec.run({ ...ctx, args: spec.parse(args) }),
  };
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** The first issue's message as a usage error: the schemas word their messages for people. */
export function usageFrom(error: z.ZodError): UsageError {
  return new UsageError(error.issues[0]?.message ?? 'invalid arguments');
}

/** node:util parseArgs (strict) for the tokens, then `schema` over `{ ...options, positionals }`. */
export function optionsParser<S extends z.ZodType>(options: Options, positionals: number, schema: S): (args: string[]) => z.output<S> {
  return (args) => {
    let parsed;
    try {
      parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
    } catch (error) {
      throw new UsageError(error instanceof Error ? error.message : String(error));
    }
    if (parsed.positionals.length !== positionals) {
      throw new UsageError(`expected ${positionals} argument${positionals === 1 ? '' : 's'}, got ${parsed.positionals.length}`);
    }
    const result = schema.safeParse({ ...parsed.values, positionals: parsed.positionals });
    if (!result.success) throw usageFrom(result.error);
    return result.data;
  };
}

export const COMMON_OPTIONS = {
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

export const CommonOptionsSchema = z.object({ json: z.boolean(), help: z.boolean() });

export const OneArgument = z.tuple([z.string()]);
export const TwoArguments = z.tuple([z.string(), z.string()]);

// What every `broker` subcommand is: a name (one or two words), its usage line and a run
// function that returns the process exit code (0 ok, 1 server/network failure, 2 usage/input).
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Io } from './output';
import { usageError } from './http-client';

export interface CommandContext {
  io: Io;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export interface Command {
  name: string;
  summary: string;
  usage: string;
  run(args: string[], ctx: CommandContext): Promise<number>;
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** node:util parseArgs, strict, with usage errors (exit 2) instead of thrown TypeErrors. */
export function parse<O extends Options>(args: string[], options: O, positionals: number) {
  let parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw usageError((error as Error).message);
  }
  if (parsed.positionals.length !== positionals) {
    throw usageError(`expected ${positionals} argument${positionals === 1 ? '' : 's'}, got ${parsed.positionals.length}`);
  }
  return parsed;
}

export const COMMON_OPTIONS = {
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

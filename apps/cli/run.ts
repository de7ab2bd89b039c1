// `broker <command> …`: finds the command, runs it, and turns its typed errors into a message on
// stderr and the exit code. Returns the process exit code; never exits itself.
import { createApiClient, type ApiClient, type FetchLike } from '../../lib/api-client';
import type { Command } from './command';
import { clearBookFile } from './commands/clear-book-file';
import { clearOnServer } from './commands/clear-on-server';
import { brokerSettings, type CliConfig } from './config';
import { EXIT_USAGE, toCliError } from './errors';
import type { CliIo } from './io';
import { findCommand, isOfflineClear, summaryOf, TOP_LEVEL, usageOf } from './registry';

export interface CliDeps {
  io: CliIo;
  config: CliConfig;
  /** How to reach the broker; global fetch unless a test passes another. */
  fetch?: FetchLike;
}

export async function runCli(argv: string[], deps: CliDeps): Promise<number> {
  const { io } = deps;
  const [name, ...rest] = argv;
  if (name === undefined || name === '-h' || name === '--help' || name === 'help') {
    const lines = ['usage: broker <command> [options]', '', 'commands:', ...TOP_LEVEL.map((word) => `  ${word.padEnd(10)} ${summaryOf(word)}`)];
    io[name === undefined ? 'stderr' : 'stdout'](`${lines.join('\n')}\n`);
    return name === undefined ? EXIT_USAGE : 0;
  }
  const word = TOP_LEVEL.find((w) => w === name);
  if (word === undefined) {
    io.stderr(`broker: unknown command "${name}" (known: ${TOP_LEVEL.join(', ')})\n`);
    return EXIT_USAGE;
  }
  if (word === 'clear') return runClear(rest, deps);
  const found = findCommand(argv);
  if (!found) {
    io.stderr(`usage: ${usageOf(word)}\n`);
    return EXIT_USAGE;
  }
  return runCommand(found.command, found.rest, deps);
}

/** `clear BOOK.json` replays offline, `clear AUCTION` clears on the broker; with neither, the
 * replay's usage error and the server form beside it. */
async function runClear(args: string[], deps: CliDeps): Promise<number> {
  if (isOfflineClear(['clear', ...args])) return runCommand(clearBookFile, args, deps);
  if (!args.some((arg) => !arg.startsWith('-'))) {
    const code = await runCommand(clearBookFile, args, deps);
    deps.io.stderr(`   or: ${clearOnServer.usage.split('|')[0]!.trim()}\n`);
    return code;
  }
  return runCommand(clearOnServer, args, deps);
}

export async function runCommand(command: Command, args: string[], deps: CliDeps): Promise<number> {
  const { io } = deps;
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout(`${command.help}\n`);
    return 0;
  }
  let client: ApiClient | undefined;
  const fetch = deps.fetch ?? ((input, init) => globalThis.fetch(input, init));
  try {
    return await command.execute(args, {
      io,
      client: () => {
        const { url, key } = brokerSettings(deps.config);
        client ??= createApiClient({ fetch, baseUrl: url, key });
        return client;
      },
    });
  } catch (error) {
    const failure = toCliError(error);
    if (!failure) throw error;
    io.stderr(`broker ${command.name}: ${failure.message}\n`);
    if (failure.showUsage) io.stderr(`usage: ${command.usage}\n`);
    return failure.exitCode;
  }
}

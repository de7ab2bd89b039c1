// The operator commands of the `broker` CLI (HTTP API clients), registered by name. The
// dispatcher in scripts/cli/main.ts hands them argv; `clear BOOK.json` (an existing .json file)
// stays the clearing engine's offline replay.
import type { Command, CommandContext } from '../command';
import { CliError, EXIT_USAGE } from '../http-client';
import { auctionCreate } from './auction-create';
import { forecastUpload } from './forecast-upload';
import { bidsList } from './bids-list';
import { bidSubmit } from './bid-submit';
import { clearOnServer } from './clear';
import { result } from './result';
import { settlement } from './settlement';
import { keysCreate } from './keys-create';

export const API_COMMANDS: Command[] = [auctionCreate, forecastUpload, bidsList, bidSubmit, clearOnServer, result, settlement, keysCreate];

/** `clear X.json` is the offline replay of a book (auction ids never end in .json); `clear AUCTION`
 * clears on the broker. Decided by name, not by the file existing, so a missing book gets the
 * replay's own "cannot read" error rather than a confusing call to the server. */
export function isOfflineClear(argv: string[]): boolean {
  if (argv[0] !== 'clear') return false;
  // The first positional argument (not the value of -o/--output).
  const target = argv.slice(1).find((arg, i, rest) => !arg.startsWith('-') && !['-o', '--output'].includes(rest[i - 1] ?? ''));
  return target !== undefined && target.toLowerCase().endsWith('.json');
}

/** The command named by the first one or two words of argv, and the remaining arguments. */
export function findCommand(argv: string[]): { command: Command; rest: string[] } | undefined {
  const two = `${argv[0] ?? ''} ${argv[1] ?? ''}`;
  const byTwo = API_COMMANDS.find((command) => command.name === two);
  if (byTwo) return { command: byTwo, rest: argv.slice(2) };
  const byOne = API_COMMANDS.find((command) => command.name === argv[0]);
  return byOne ? { command: byOne, rest: argv.slice(1) } : undefined;
}

export function apiCommandsHelp(): string {
  const width = Math.max(...API_COMMANDS.map((c) => c.name.length));
  return API_COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n');
}

/** Runs an API command; errors become a message on stderr and the exit code (1 or 2). */
export async function runApiCommand(found: { command: Command; rest: string[] }, ctx: CommandContext): Promise<number> {
  const { command, rest } = found;
  if (rest.includes('--help') || rest.includes('-h')) {
    ctx.io.stdout.write(`${command.summary}\n\nusage: ${command.usage}\n\nEnvironment: BROKER_URL (default http://127.0.0.1:3000), BROKER_KEY (your API key).\n`);
    return 0;
  }
  try {
    return await command.run(rest, ctx);
  } catch (error) {
    if (error instanceof CliError) {
      ctx.io.stderr.write(`broker ${command.name}: ${error.message}\n`);
      if (error.exitCode === EXIT_USAGE && !/HTTP \d{3}/.test(error.message)) ctx.io.stderr.write(`usage: ${command.usage}\n`);
      return error.exitCode;
    }
    throw error;
  }
}

/** The shape of a command in the `broker` dispatcher's registry (scripts/cli/commands.ts). */
export interface RegistryCommand {
  summary: string;
  usage: string;
  run(args: string[], io: { stdout(text: string): void; stderr(text: string): void }): Promise<number>;
}

function contextFor(io: { stdout(text: string): void; stderr(text: string): void }): CommandContext {
  return {
    io: { stdout: { write: (text: string) => io.stdout(text) }, stderr: { write: (text: string) => io.stderr(text), isTTY: process.stderr.isTTY } },
    env: process.env,
    cwd: process.cwd(),
  };
}

/** The API commands whose name starts with `word` (e.g. `bids` → `bids list`), as one registry entry. */
export function apiCommandGroup(word: string): RegistryCommand {
  const members = API_COMMANDS.filter((command) => command.name.split(' ')[0] === word);
  return {
    summary: members.map((command) => (command.name === word ? command.summary : `${command.name.slice(word.length + 1)}: ${command.summary}`)).join('; '),
    usage: members.map((command) => command.usage).join('\n       '),
    async run(args, io) {
      const found = findCommand([word, ...args]);
      if (!found) {
        io.stderr(`usage: ${members.map((command) => command.usage).join('\n       ')}\n`);
        return EXIT_USAGE;
      }
      return runApiCommand(found, contextFor(io));
    },
  };
}

/** `clear`: an existing BOOK.json file is the offline replay (the engine's command), anything else an auction id on the server. */
export function clearCommandFor(offline: RegistryCommand): RegistryCommand {
  return {
    summary: 'Clear an auction on the broker (AUCTION, operator) or replay a book offline (BOOK.json)',
    usage: `${clearOnServer.usage}`,
    async run(args, io) {
      if (isOfflineClear(['clear', ...args])) return offline.run(args, io);
      if (!args.some((arg) => !arg.startsWith('-'))) {
        // No argument at all: the replay's usage error, and the server form beside it.
        const code = await offline.run(args, io);
        io.stderr(`   or: ${clearOnServer.usage.split('|')[0]!.trim()}\n`);
        return code;
      }
      return runApiCommand({ command: clearOnServer, rest: args }, contextFor(io));
    },
  };
}

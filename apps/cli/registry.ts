// The `broker` commands by name. The first word picks an entry of the top-level help; two-word
// commands (`bids list`) are listed under their first word. Add a command to COMMANDS to add it.
import type { Command } from './command';
import { auctionCreate } from './commands/auction-create';
import { auctionShow } from './commands/auction-show';
import { auctionsList } from './commands/auctions-list';
import { bidCancel } from './commands/bid-cancel';
import { events } from './commands/events';
import { WEBHOOK_COMMANDS } from './commands/webhook';
import { keysList, keysRevoke, keysRotate } from './commands/keys-manage';
import { bidSubmit } from './commands/bid-submit';
import { bidPatch } from './commands/bid-patch';
import { bidsList } from './commands/bids-list';
import { clearOnServer } from './commands/clear-on-server';
import { forecastUpload } from './commands/forecast-upload';
import { keysCreate } from './commands/keys-create';
import { prices } from './commands/prices';
import { result } from './commands/result';
import { settlement } from './commands/settlement';

/** The commands that call the broker's API. */
export const COMMANDS: readonly Command[] = [auctionCreate, auctionShow, auctionsList, forecastUpload, bidsList, bidSubmit, bidPatch, bidCancel, clearOnServer, result, settlement, prices, events, ...WEBHOOK_COMMANDS, keysCreate, keysList, keysRevoke, keysRotate];

/** The first words, in the order the help lists them. */
export const TOP_LEVEL = ['clear', 'keys', 'auction', 'auctions', 'forecast', 'bid', 'bids', 'result', 'settlement', 'prices', 'events', 'webhook'] as const;

/** `clear` is two commands behind one word (see runClear in run.ts). */
export const CLEAR_SUMMARY = 'Clear an auction on the broker (AUCTION, operator) or replay a book offline (BOOK.json)';

/** The command named by the first one or two words of argv, and the remaining arguments. */
export function findCommand(argv: string[]): { command: Command; rest: string[] } | undefined {
  const two = `${argv[0] ?? ''} ${argv[1] ?? ''}`;
  const byTwo = COMMANDS.find((command) => command.name === two);
  if (byTwo) return { command: byTwo, rest: argv.slice(2) };
  const byOne = COMMANDS.find((command) => command.name === argv[0]);
  return byOne ? { command: byOne, rest: argv.slice(1) } : undefined;
}

/** The commands whose name starts with `word` (e.g. `bids` → `bids list`). */
export function commandsUnder(word: string): Command[] {
  return COMMANDS.filter((command) => command.name.split(' ')[0] === word);
}

/** One help line per word: the command's summary, or `sub: summary; …` for a group. */
export function summaryOf(word: string): string {
  if (word === 'clear') return CLEAR_SUMMARY;
  return commandsUnder(word).map((command) => (command.name === word ? command.summary : `${command.name.slice(word.length + 1)}: ${command.summary}`)).join('; ');
}

export function usageOf(word: string): string {
  return commandsUnder(word).map((command) => command.usage).join('\n       ');
}

/** `clear X.json` is the offline replay of a book (auction ids never end in .json); `clear AUCTION`
 * clears on the broker. Decided by name, not by the file existing, so a missing book gets the
 * replay's own "cannot read" error rather than a confusing call to the server. */
export function isOfflineClear(argv: string[]): boolean {
  if (argv[0] !== 'clear') return false;
  // The first positional argument (not the value of -o/--output).
  const target = argv.slice(1).find((arg, i, rest) => !arg.startsWith('-') && !['-o', '--output'].includes(rest[i - 1] ?? ''));
  return target !== undefined && target.toLowerCase().endsWith('.json');
}

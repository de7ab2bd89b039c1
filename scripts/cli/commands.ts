// The `broker` subcommands: name → lazily loaded module. Add a line here to add a command.
import type { CliCommand } from './io';

// The operator's API commands (scripts/cli/commands/), one entry per first word.
const api = (word: string) => async (): Promise<CliCommand> => (await import('./commands/index')).apiCommandGroup(word);

export const commands: Record<string, () => Promise<CliCommand>> = {
  // `clear BOOK.json` (an existing file) replays offline; `clear AUCTION` clears on the broker.
  clear: async () => (await import('./commands/index')).clearCommandFor((await import('./clear')).clearCommand),
  keys: api('keys'),
  auction: api('auction'),
  forecast: api('forecast'),
  bid: api('bid'),
  bids: api('bids'),
  result: api('result'),
  settlement: api('settlement'),
};

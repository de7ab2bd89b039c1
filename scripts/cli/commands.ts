// The `broker` subcommands: name → lazily loaded module. Add a line here to add a command.
import type { CliCommand } from './io';

export const commands: Record<string, () => Promise<CliCommand>> = {
  clear: async () => (await import('./clear')).clearCommand,
};

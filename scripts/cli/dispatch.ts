// `broker <command> …`: finds the subcommand and runs it; returns the process exit code.
import { commands } from './commands';
import type { CliIo } from './io';

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '-h' || name === '--help' || name === 'help') {
    const lines = ['usage: broker <command> [options]', '', 'commands:'];
    for (const [cmd, load] of Object.entries(commands)) lines.push(`  ${cmd.padEnd(10)} ${(await load()).summary}`);
    io[name === undefined ? 'stderr' : 'stdout'](`${lines.join('\n')}\n`);
    return name === undefined ? 2 : 0;
  }
  const load = commands[name];
  if (!load) {
    io.stderr(`broker: unknown command "${name}" (known: ${Object.keys(commands).join(', ')})\n`);
    return 2;
  }
  return (await load()).run(rest, io);
}

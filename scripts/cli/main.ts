// `npx broker …`: dispatches to the operator's API commands (scripts/cli/commands/).
import { apiCommandsHelp, findCommand, isOfflineClear, runApiCommand } from './commands/index';

const argv = process.argv.slice(2);
const ctx = { io: { stdout: process.stdout, stderr: process.stderr }, env: process.env, cwd: process.cwd() };
const found = isOfflineClear(argv, ctx.cwd) ? undefined : findCommand(argv);
if (found) {
  process.exitCode = await runApiCommand(found, ctx);
} else {
  process.stderr.write(`usage: broker <command> [options]\n\ncommands:\n${apiCommandsHelp()}\n`);
  process.exitCode = argv.length === 0 || argv[0] === 'help' || argv[0] === '--help' ? 0 : 2;
}

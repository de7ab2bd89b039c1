// Entry point of `npx broker` (bundled to dist/cli/broker.mjs, which bin/broker.js imports): the
// one place the CLI reads process.argv and process.env.
import { configFromEnv } from './config';
import { nodeIo } from './io';
import { runCli } from './run';

process.exitCode = await runCli(process.argv.slice(2), { io: nodeIo(), config: configFromEnv(process.env) });

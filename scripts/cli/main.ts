// Entry point of `npx broker` (bin/broker.js imports this file).
import { main } from './dispatch';
import { nodeIo } from './io';

process.exitCode = await main(process.argv.slice(2), nodeIo());

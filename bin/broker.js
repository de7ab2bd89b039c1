#!/usr/bin/env node
// `npx broker …`: runs the compiled CLI (dist/cli/broker.mjs), which `npm install` builds through
// the `prepare` script and `npm run build` rebuilds. Plain JavaScript: no TypeScript at start-up.
import { existsSync } from 'node:fs';

const bundle = new URL('../dist/cli/broker.mjs', import.meta.url);
if (!existsSync(bundle)) {
  process.stderr.write('broker: the CLI is not built (dist/cli/broker.mjs is missing, e.g. after npm install --ignore-scripts): run `npm run build`\n');
  process.exit(1);
}
await import(bundle.href);

// `npm run build`, also run by `npm install` (the `prepare` script): bundles the `broker` CLI
// into dist/cli/ (see lib/infra/cli-bundle.ts).
import { relative } from 'node:path';
import { buildCli } from '../lib/infra/cli-bundle';

const started = performance.now();
const outfile = await buildCli();
console.log(`built ${relative(process.cwd(), outfile)} in ${Math.round(performance.now() - started)} ms`);

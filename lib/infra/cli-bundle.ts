// The `broker` CLI as shipped: apps/cli/main.ts bundled with the functions' esbuild options
// (bundling.ts) for Node 20 (package.json engines), with highs.wasm copied beside it as for the
// Lambda 'clear' function (highs loads it from `new URL('highs.wasm', import.meta.url)`).
import { copyFileSync, mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { build } from 'esbuild';
import { esbuildOptions } from './bundling';
import { HIGHS_WASM } from './function-specs';
import { PROJECT_ROOT } from './project-root';

export const CLI_ENTRY = 'apps/cli/main.ts';
export const CLI_OUTDIR = join(PROJECT_ROOT, 'dist', 'cli');
/** What bin/broker.js imports. */
export const CLI_BUNDLE_NAME = 'broker.mjs';

/** Bundles the CLI into `outdir` (dist/cli by default); returns the bundle's path. */
export async function buildCli(outdir: string = CLI_OUTDIR): Promise<string> {
  mkdirSync(outdir, { recursive: true });
  const outfile = join(outdir, CLI_BUNDLE_NAME);
  await build({ ...esbuildOptions(CLI_ENTRY, outdir), outfile, target: 'node20' });
  copyFileSync(join(PROJECT_ROOT, HIGHS_WASM), join(outdir, basename(HIGHS_WASM)));
  return outfile;
}

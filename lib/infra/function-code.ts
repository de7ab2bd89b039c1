// A function's deployment package: bundled on this machine by buildBundle (bundling.ts) in a
// child process, never in Docker, so `cdk synth` works offline. The asset hash is the output's
// (AssetHashType.OUTPUT): a change in any bundled file — source, dependency, asset — redeploys.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { AssetHashType, DockerImage } from 'aws-cdk-lib';
import { Code } from 'aws-cdk-lib/aws-lambda';
import type { FunctionName } from './function-specs';
import { PROJECT_ROOT } from './project-root';

const BUNDLE_SCRIPT = join(PROJECT_ROOT, 'lib', 'infra', 'bundle-function.ts');

/** Runs the bundler for `name` into `outdir`; throws with esbuild's message when it fails. */
export function bundleFunctionSync(name: FunctionName, outdir: string): void {
  try {
    execFileSync(process.execPath, ['--import', 'tsx', BUNDLE_SCRIPT, name, outdir], { cwd: PROJECT_ROOT, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new Error(`bundling ${name} failed: ${stderr || String(error)}`);
  }
}

export function functionCode(name: FunctionName): Code {
  return Code.fromAsset(PROJECT_ROOT, {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // Required by the type, never pulled: local bundling always succeeds or throws.
      image: DockerImage.fromRegistry('local-bundling-only'),
      // CDK caches staged assets by source path + bundling options: the name keeps them apart.
      environment: { BROKER_FUNCTION: name },
      local: { tryBundle: (outdir) => { bundleFunctionSync(name, outdir); return true; } },
    },
  });
}

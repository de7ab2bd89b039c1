// Synthesizes the broker's stacks for one stage into a temporary folder, without bundling
// (context 'aws:cdk:bundling-stacks': []), and removes the folder afterwards.
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineBrokerApp } from '../../lib/infra/broker-app';
import type { StageName } from '../../lib/infra/stage-config';
import { PROJECT_ROOT } from '../../lib/infra/project-root';

/** The context `cdk synth` gets from cdk.json (feature flags), so tests see the deployed template. */
const CDK_JSON_CONTEXT = (JSON.parse(readFileSync(join(PROJECT_ROOT, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> }).context;

export interface SynthesizedBroker {
  stateful: Template;
  stateless: Template;
}

export function synthBroker(stage: StageName, context: Record<string, unknown> = {}): SynthesizedBroker {
  const outdir = mkdtempSync(join(tmpdir(), 'broker-cdk-'));
  try {
    const app = new App({ outdir, context: { ...CDK_JSON_CONTEXT, 'aws:cdk:bundling-stacks': [], stage, ...context } });
    const stacks = defineBrokerApp(app);
    return { stateful: Template.fromStack(stacks.stateful), stateless: Template.fromStack(stacks.stateless) };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** The one resource of a type, failing unless there is exactly one. */
export function only(template: Template, type: string): { [key: string]: any } {
  const found = Object.values(template.findResources(type));
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return found[0]!;
}

// Synthesizes the broker's stacks for one stage into a temporary folder: for template tests
// without bundling (context 'aws:cdk:bundling-stacks': []), removing the folder afterwards; or
// as `cdk synth` does, bundling included, for tests that run the assets (synthBrokerAssembly).
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineBrokerApp } from '../../lib/infra/broker-app';
import type { StageName } from '../../lib/infra/stage-config';
import { FUNCTION_SPECS, type FunctionName } from '../../lib/infra/function-specs';
import type { CreateTableCommandInput, UpdateTimeToLiveCommandInput } from '@aws-sdk/client-dynamodb';
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

// ---------------------------------------------------------------- the cloud assembly, bundled

type CfnTemplate = { Resources: Record<string, { Type: string; Properties?: any; Metadata?: Record<string, unknown> }>; Outputs?: Record<string, { Value: unknown; Export?: { Name: string } }> };

export interface SynthesizedFunction {
  /** Its FUNCTION_SPECS name, found by the description the construct gives it. */
  name: FunctionName;
  /** The asset folder in cdk.out (`Metadata["aws:asset:path"]`). */
  assetDir: string;
  handler: string;
  /** Environment.Variables as in the template: strings, or references (Fn::ImportValue …). */
  environment: Record<string, unknown>;
}

export interface SynthesizedAssembly {
  outdir: string;
  stateful: CfnTemplate;
  stateless: CfnTemplate;
  functions: Record<FunctionName, SynthesizedFunction>;
  remove(): void;
}

/** `cdk synth` as the CLI runs it (cdk.json's context, bundling on) into a temporary cdk.out. */
export function synthBrokerAssembly(stage: StageName): SynthesizedAssembly {
  const outdir = mkdtempSync(join(tmpdir(), 'broker-cdk-out-'));
  // The CLI turns asset metadata on (it names each function's folder in cdk.out).
  const app = new App({ outdir, context: { ...CDK_JSON_CONTEXT, 'aws:cdk:enable-asset-metadata': true, stage } });
  const stacks = defineBrokerApp(app);
  app.synth();
  const read = (stackName: string) => JSON.parse(readFileSync(join(outdir, `${stackName}.template.json`), 'utf8')) as CfnTemplate;
  const stateful = read(stacks.stateful.stackName);
  const stateless = read(stacks.stateless.stackName);
  const functions = {} as Record<FunctionName, SynthesizedFunction>;
  for (const resource of Object.values(stateless.Resources).filter((r) => r.Type === 'AWS::Lambda::Function')) {
    const name = (Object.keys(FUNCTION_SPECS) as FunctionName[]).find((n) => String(resource.Properties.Description).startsWith(`${FUNCTION_SPECS[n].entry}:`));
    if (!name) throw new Error(`a function that is not in FUNCTION_SPECS: ${resource.Properties.Description}`);
    const assetPath = resource.Metadata?.['aws:asset:path'];
    if (typeof assetPath !== 'string') throw new Error(`${name} has no asset path`);
    functions[name] = { name, assetDir: join(outdir, assetPath), handler: resource.Properties.Handler, environment: resource.Properties.Environment?.Variables ?? {} };
  }
  return { outdir, stateful, stateless, functions, remove: () => rmSync(outdir, { recursive: true, force: true }) };
}

/**
 * The function's environment with every reference into the stateful stack replaced by its local
 * stand-in, by the referenced resource's logical id (the table → a DynamoDB Local table name, a
 * secret → the ARN the fake Secrets Manager serves it under). Fails on any other reference.
 */
export function resolveEnvironment(assembly: SynthesizedAssembly, fn: SynthesizedFunction, standIns: Readonly<Record<string, string>>): Record<string, string> {
  const exports = new Map(Object.values(assembly.stateful.Outputs ?? {}).filter((o) => o.Export).map((o) => [o.Export!.Name, o.Value]));
  return Object.fromEntries(Object.entries(fn.environment).map(([key, value]) => {
    if (typeof value === 'string') return [key, value];
    const imported = (value as { 'Fn::ImportValue'?: unknown })['Fn::ImportValue'];
    const ref = typeof imported === 'string' ? (exports.get(imported) as { Ref?: unknown } | undefined)?.Ref : undefined;
    const standIn = typeof ref === 'string' ? standIns[ref] : undefined;
    if (standIn === undefined) throw new Error(`${fn.name}: no local stand-in for ${key} = ${JSON.stringify(value)}`);
    return [key, standIn];
  }));
}

/** The logical ids of the stateful stack's resources of a type. */
export function logicalIds(template: CfnTemplate, type: string): string[] {
  return Object.entries(template.Resources).filter(([, r]) => r.Type === type).map(([id]) => id);
}

/** CreateTable (and the TTL setting) for DynamoDB Local from the template's GlobalTable definition. */
export function tableFromTemplate(template: CfnTemplate, tableName: string) {
  const [id, ...more] = logicalIds(template, 'AWS::DynamoDB::GlobalTable');
  if (!id || more.length > 0) throw new Error('expected one AWS::DynamoDB::GlobalTable');
  const p = template.Resources[id]!.Properties;
  const create: CreateTableCommandInput = {
    TableName: tableName,
    AttributeDefinitions: p.AttributeDefinitions,
    KeySchema: p.KeySchema,
    BillingMode: p.BillingMode,
    GlobalSecondaryIndexes: (p.GlobalSecondaryIndexes ?? []).map((g: any) => ({ IndexName: g.IndexName, KeySchema: g.KeySchema, Projection: g.Projection })),
  };
  const ttl: UpdateTimeToLiveCommandInput | undefined = p.TimeToLiveSpecification
    ? { TableName: tableName, TimeToLiveSpecification: { AttributeName: p.TimeToLiveSpecification.AttributeName, Enabled: p.TimeToLiveSpecification.Enabled } }
    : undefined;
  return { logicalId: id, create, ttl };
}

// Least privilege, checked over EVERY policy in both stacks: no wildcard action anywhere, and
// DynamoDB access only for the functions that need it, at the level they need, on the table
// and its indexes only. NEED is stated here independently of the stacks on purpose.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Template } from 'aws-cdk-lib/assertions';
import { FUNCTION_SPECS, type FunctionName } from '../../lib/infra/function-specs';
import { TABLE_DESIGN } from '../../lib/store/table-design';
import { synthBroker } from '../support/cdk-app';

type Access = 'none' | 'read' | 'readWrite';
const NEED: Record<FunctionName, Access> = { api: 'readWrite', clear: 'readWrite', deliverNotices: 'readWrite' };

const READ = new Set(['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:Scan', 'dynamodb:ConditionCheckItem', 'dynamodb:DescribeTable']);
const WRITE = new Set(['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem']);
/** Everything else a function may do: write its logs; scheduled ones report failures to the DLQ; traces. */
const LOGS = ['logs:CreateLogStream', 'logs:PutLogEvents'];
const DLQ = ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'];
/** The API reads its two secrets at run time. */
const SECRETS = ['secretsmanager:GetSecretValue'];
const OTHER_NEED: Record<FunctionName, string[]> = { api: [...LOGS, ...SECRETS], clear: [...LOGS, ...DLQ], deliverNotices: [...LOGS, ...DLQ] };
/** Actions that cannot be scoped to a resource, so `Resource: "*"` is the only form. */
const RESOURCE_STAR_ALLOWED = new Set(['xray:PutTraceSegments', 'xray:PutTelemetryRecords']);

interface Statement { Effect: string; Action: string | string[]; Resource: unknown }
interface Grant { role: string; statement: Statement }

const list = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

/** Every Allow statement of every AWS::IAM::Policy and every role's inline policies, with the role(s). */
function grants(template: Template): Grant[] {
  const out: Grant[] = [];
  for (const policy of Object.values(template.findResources('AWS::IAM::Policy'))) {
    const roles: string[] = list(policy.Properties.Roles ?? []).map((r: { Ref: string }) => r.Ref);
    for (const statement of list<Statement>(policy.Properties.PolicyDocument.Statement)) {
      for (const role of roles) out.push({ role, statement });
    }
  }
  for (const [role, resource] of Object.entries(template.findResources('AWS::IAM::Role'))) {
    for (const inline of resource.Properties.Policies ?? []) {
      for (const statement of list<Statement>(inline.PolicyDocument.Statement)) out.push({ role, statement });
    }
  }
  return out.filter((g) => g.statement.Effect === 'Allow');
}

/** `Fn::ImportValue` of the table's Arn export, or a join of it with `/index/<name>`. */
function tableResourceKind(resource: unknown, tableArnImport: unknown): 'table' | 'index' | 'other' {
  if (JSON.stringify(resource) === JSON.stringify(tableArnImport)) return 'table';
  const join = (resource as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
  if (join && join[0] === '' && join[1].length === 2 && JSON.stringify(join[1][0]) === JSON.stringify(tableArnImport)) {
    const suffix = join[1][1];
    const names = TABLE_DESIGN.globalIndexes.map((i) => `/index/${i.indexName}`);
    if (typeof suffix === 'string' && names.includes(suffix)) return 'index';
  }
  return 'other';
}

describe.each(['dev', 'prod'] as const)('IAM (%s)', (stage) => {
  let stateful: Template;
  let stateless: Template;
  beforeAll(() => {
    ({ stateful, stateless } = synthBroker(stage));
  });

  it('has no wildcard action (`*` or `service:*` or any `*`) in any policy of either stack', () => {
    const all = [...grants(stateful), ...grants(stateless)];
    expect(all.length).toBeGreaterThan(0);
    const wild = all.flatMap((g) => list(g.statement.Action)).filter((action) => action.includes('*'));
    expect(wild).toEqual([]);
  });

  it('uses `Resource: "*"` only for actions that cannot be scoped', () => {
    const star = [...grants(stateful), ...grants(stateless)]
      .filter((g) => list(g.statement.Resource).includes('*'))
      .flatMap((g) => list(g.statement.Action))
      .filter((action) => !RESOURCE_STAR_ALLOWED.has(action));
    expect(star).toEqual([]);
  });

  it('attaches no managed policy (no AWSLambdaBasicExecutionRole logs:* on every log group)', () => {
    for (const role of Object.values(stateless.findResources('AWS::IAM::Role'))) {
      expect(role.Properties.ManagedPolicyArns ?? []).toEqual([]);
    }
  });

  it('grants DynamoDB only to the functions that need it, at the level they need, on the table and its indexes', () => {
    const tableArnExport = Object.values(stateful.toJSON().Outputs ?? {}).find(
      (o: any) => JSON.stringify(o.Value).includes('Fn::GetAtt') && JSON.stringify(o.Value).includes('"Arn"') && stateful.toJSON().Resources[o.Value['Fn::GetAtt'][0]]?.Type === 'AWS::DynamoDB::GlobalTable',
    ) as { Export: { Name: string } } | undefined;
    expect(tableArnExport).toBeDefined();
    const tableArn = { 'Fn::ImportValue': tableArnExport!.Export.Name };

    const roleOf: Record<string, FunctionName> = {};
    for (const fn of Object.values(stateless.findResources('AWS::Lambda::Function'))) {
      const name = (Object.keys(FUNCTION_SPECS) as FunctionName[]).find((n) => String(fn.Properties.Description).startsWith(`${FUNCTION_SPECS[n].entry}:`));
      expect(name).toBeDefined();
      roleOf[fn.Properties.Role['Fn::GetAtt'][0]] = name!;
    }

    const got: Record<string, { table: Set<string>; index: Set<string> }> = {};
    for (const { role, statement } of [...grants(stateful), ...grants(stateless)]) {
      const actions = list(statement.Action).filter((a) => a.startsWith('dynamodb:'));
      if (actions.length === 0) continue;
      const fn = roleOf[role];
      expect(fn, `role ${role} is not a broker function but has ${actions.join(', ')}`).toBeDefined();
      for (const resource of list(statement.Resource)) {
        const kind = tableResourceKind(resource, tableArn);
        expect(kind, `${fn} has DynamoDB access on ${JSON.stringify(resource)}`).not.toBe('other');
        const entry = (got[fn!] ??= { table: new Set(), index: new Set() });
        for (const action of actions) entry[kind as 'table' | 'index'].add(action);
      }
    }

    for (const name of Object.keys(FUNCTION_SPECS) as FunctionName[]) {
      const need = NEED[name];
      const have = got[name] ?? { table: new Set<string>(), index: new Set<string>() };
      const allowed = need === 'none' ? new Set<string>() : need === 'read' ? READ : new Set([...READ, ...WRITE]);
      expect([...have.table].filter((a) => !allowed.has(a)), `${name}: actions beyond ${need}`).toEqual([]);
      expect([...have.index].filter((a) => !['dynamodb:Query', 'dynamodb:Scan'].includes(a)), `${name}: index actions`).toEqual([]);
      if (need === 'readWrite') expect([...WRITE].filter((a) => !have.table.has(a)), `${name}: missing write actions`).toEqual([]);
      if (need !== 'none') expect([...READ].filter((a) => !have.table.has(a)), `${name}: missing read actions`).toEqual([]);
    }
  });

  it('gives each function role nothing beyond its DynamoDB access and OTHER_NEED (+ X-Ray writes when tracing)', () => {
    const functionRoles = new Map<string, FunctionName>();
    for (const fn of Object.values(stateless.findResources('AWS::Lambda::Function'))) {
      const name = (Object.keys(FUNCTION_SPECS) as FunctionName[]).find((n) => String(fn.Properties.Description).startsWith(`${FUNCTION_SPECS[n].entry}:`))!;
      functionRoles.set(fn.Properties.Role['Fn::GetAtt'][0], name);
    }
    expect(functionRoles.size).toBe(Object.keys(FUNCTION_SPECS).length);
    for (const [role, name] of functionRoles) {
      const allowed = new Set([...OTHER_NEED[name], ...RESOURCE_STAR_ALLOWED]);
      const extra = grants(stateless)
        .filter((g) => g.role === role)
        .flatMap((g) => list(g.statement.Action))
        .filter((a) => !a.startsWith('dynamodb:') && !allowed.has(a));
      expect(extra, `${name} may also ${extra.join(', ')}`).toEqual([]);
    }
  });

  it('lets the API read exactly the bootstrap key and the session secret, with GetSecretValue only', () => {
    const secretGrants = grants(stateless).filter((g) => list(g.statement.Action).some((a) => a.startsWith('secretsmanager:')));
    expect(secretGrants).toHaveLength(1);
    expect(list(secretGrants[0]!.statement.Action)).toEqual(['secretsmanager:GetSecretValue']);
    const exportsOf = (value: unknown) => (value as { 'Fn::ImportValue'?: string })['Fn::ImportValue'];
    const outputs = Object.values(stateful.toJSON().Outputs ?? {}) as { Value: unknown; Export?: { Name: string } }[];
    const resolved = list(secretGrants[0]!.statement.Resource as unknown[]).map((r) => outputs.find((o) => o.Export?.Name === exportsOf(r))?.Value);
    const secretIds = Object.keys(stateful.findResources('AWS::SecretsManager::Secret'));
    expect(resolved.map((r) => (r as { Ref: string }).Ref).sort()).toEqual(secretIds.sort());
  });

  it('lets each schedule invoke only its own function', () => {
    const schedules = Object.values(stateless.findResources('AWS::Scheduler::Schedule')).map((s) => s.Properties.Target);
    for (const target of schedules) {
      const role = target.RoleArn['Fn::GetAtt'][0];
      const invokes = grants(stateless).filter((g) => g.role === role && list(g.statement.Action).includes('lambda:InvokeFunction'));
      const resources = invokes.flatMap((g) => list(g.statement.Resource)).map((r) => JSON.stringify(r));
      expect(resources.length).toBeGreaterThan(0);
      for (const resource of resources) expect(resource).toContain(JSON.stringify(target.Arn));
    }
  });
});

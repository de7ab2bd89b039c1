// One construct for every broker Lambda function, holding the defaults: Node 22 on ARM64,
// bundled on this machine by lib/infra/bundling.ts (function-code.ts), source maps on, a log group
// with the stage's retention, Powertools environment, its own role with only what is granted to it.
import { Construct } from 'constructs';
import { Architecture, Function as LambdaFunction, Runtime, Tracing, type IDestination } from 'aws-cdk-lib/aws-lambda';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { functionCode } from './function-code';
import { FUNCTION_SPECS, type FunctionName } from './function-specs';
import type { StageConfig } from './stage-config';
import { tableStatements, type TableAccess } from './table-access';

/** One Powertools service for the whole broker: metrics keep the same `service` dimension
 *  whichever function emits them (logs carry the function name anyway). */
export const SERVICE_NAME = 'surplus-broker';

export function metricsNamespace(config: StageConfig): string {
  return `SurplusBroker/${config.stage}`;
}

/** The environment every broker function gets (TABLE_NAME is added by `useTable`). */
export function baseEnvironment(config: StageConfig): Record<string, string> {
  return {
    NODE_OPTIONS: '--enable-source-maps',
    POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
    POWERTOOLS_METRICS_NAMESPACE: metricsNamespace(config),
    LOG_LEVEL: config.logLevel,
  };
}

export interface BrokerFunctionProps {
  /** Which of FUNCTION_SPECS: entry, sizing, files beside the bundle. */
  name: FunctionName;
  config: StageConfig;
  environment?: Record<string, string>;
  /** Where failed asynchronous invocations go (after `retryAttempts`). */
  onFailure?: IDestination;
  /** Retries of a failed asynchronous invocation (only meaningful for async callers). */
  retryAttempts?: number;
}

export class BrokerFunction extends Construct {
  readonly fn: LambdaFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: BrokerFunctionProps) {
    super(scope, id);
    const { config } = props;
    const spec = FUNCTION_SPECS[props.name];
    this.logGroup = new LogGroup(this, 'Logs', { retention: config.logRetention, removalPolicy: config.removalPolicy });
    // Own role instead of AWSLambdaBasicExecutionRole (logs:* on every log group): it may write
    // to its own log group only.
    this.role = new Role(this, 'Role', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    this.logGroup.grantWrite(this.role);
    this.fn = new LambdaFunction(this, 'Function', {
      code: functionCode(props.name),
      handler: 'index.handler',
      description: spec.description,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: spec.memorySize,
      timeout: spec.timeout,
      role: this.role,
      logGroup: this.logGroup,
      tracing: config.tracing ? Tracing.ACTIVE : Tracing.DISABLED,
      ...(props.onFailure ? { onFailure: props.onFailure } : {}),
      ...(props.retryAttempts !== undefined ? { retryAttempts: props.retryAttempts } : {}),
      environment: { ...baseEnvironment(config), ...props.environment },
    });
  }

  /** secretsmanager:GetSecretValue on exactly these secrets (not DescribeSecret, not others). */
  readSecrets(secrets: readonly ISecret[]): this {
    this.role.addToPrincipalPolicy(new PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: secrets.map((s) => s.secretArn) }));
    return this;
  }

  /** Grants the table (read-only or read-write: listed actions, see table-access.ts) and sets TABLE_NAME. */
  useTable(table: ITableV2, access: TableAccess): this {
    for (const statement of tableStatements(table, access)) this.role.addToPrincipalPolicy(statement);
    this.fn.addEnvironment('TABLE_NAME', table.tableName);
    return this;
  }
}

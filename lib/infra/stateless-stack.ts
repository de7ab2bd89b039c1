// Code and wiring, safe to destroy and redeploy: the functions, the HTTP API, the schedules,
// the dead-letter queue and the alarms. The table arrives as a typed prop from the stateful stack.
import { Duration, Stack, type StackProps, CfnOutput } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { HttpApi, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { BrokerFunction } from './broker-function';
import { BrokerAlarms } from './broker-alarms';
import { CLEARING_TIME_LIMIT_S } from './function-specs';
import type { StageConfig } from './stage-config';

export interface StatelessStackProps extends StackProps {
  config: StageConfig;
  table: ITableV2;
  bootstrapKey: ISecret;
  sessionSecret: ISecret;
  /** Optional e-mail subscribed to the alarm topic. */
  alarmEmail?: string | undefined;
}

export class StatelessStack extends Stack {
  readonly api: BrokerFunction;
  readonly clear: BrokerFunction;
  readonly deliverNotices: BrokerFunction;
  readonly deadLetterQueue: Queue;
  readonly httpApi: HttpApi;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { config, table } = props;

    // One queue for everything asynchronous that failed: schedule deliveries that could not
    // invoke the function, and scheduled invocations whose handler threw.
    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    const onFailure = new SqsDestination(this.deadLetterQueue);

    this.api = new BrokerFunction(this, 'Api', {
      name: 'api',
      config,
      environment: {
        // Only the ARNs: the function reads the values at run time (lib/composition/secrets.ts),
        // so no secret appears in the template, cdk.out or the function's configuration.
        BROKER_BOOTSTRAP_KEY_SECRET_ARN: props.bootstrapKey.secretArn,
        BROKER_SESSION_SECRET_ARN: props.sessionSecret.secretArn,
      },
    }).useTable(table, 'readWrite').readSecrets([props.bootstrapKey, props.sessionSecret]);

    // Scheduled functions: no Lambda-level retry; the next minute's run is the retry, and a
    // failure goes to the DLQ (with the error) at once, where the alarm sees it.
    this.clear = new BrokerFunction(this, 'Clear', {
      name: 'clear',
      config,
      environment: { CLEARING_TIME_LIMIT_S: String(CLEARING_TIME_LIMIT_S) },
      onFailure,
      retryAttempts: 0,
    }).useTable(table, 'readWrite');

    // Read-write: it marks outbox items delivered / schedules their next attempt.
    this.deliverNotices = new BrokerFunction(this, 'DeliverNotices', {
      name: 'deliverNotices',
      config,
      onFailure,
      retryAttempts: 0,
    }).useTable(table, 'readWrite');

    const accessLogs = new LogGroup(this, 'ApiAccessLogs', { retention: config.logRetention, removalPolicy: config.removalPolicy });
    this.httpApi = new HttpApi(this, 'HttpApi', {
      description: `Surplus Broker API (${config.stage})`,
      // Every path and method goes to the one Hono app, which routes and answers 404 itself.
      defaultIntegration: new HttpLambdaIntegration('ApiIntegration', this.api.fn),
      createDefaultStage: false,
    });
    new HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: config.throttle,
      accessLogSettings: { destination: new LogGroupLogDestination(accessLogs) },
    });

    // Every minute, not one-time schedules per auction: see docs/deploy.md.
    for (const [name, fn] of [['Clear', this.clear], ['DeliverNotices', this.deliverNotices]] as const) {
      new Schedule(this, `${name}EveryMinute`, {
        description: `Invokes ${fn.fn.node.path} every minute`,
        schedule: ScheduleExpression.rate(Duration.minutes(1)),
        target: new LambdaInvoke(fn.fn, {
          deadLetterQueue: this.deadLetterQueue,
          retryAttempts: 2,
          maxEventAge: Duration.minutes(2),
        }),
      });
    }

    new BrokerAlarms(this, 'Alarms', {
      config,
      functions: { api: this.api.fn, clear: this.clear.fn, deliverNotices: this.deliverNotices.fn },
      deadLetterQueue: this.deadLetterQueue,
      alarmEmail: props.alarmEmail,
    });

    new CfnOutput(this, 'ApiUrl', { value: this.httpApi.apiEndpoint });
    new CfnOutput(this, 'BootstrapKeySecretArn', { value: props.bootstrapKey.secretArn });
  }
}

// CloudWatch alarms on what needs a human: function errors and throttles, a failed clearing
// (custom metric, contract in docs/deploy.md) and anything in the dead-letter queue. All alarm
// actions go to one SNS topic; subscribe to it (e-mail, chat) per account.
import { Construct } from 'constructs';
import { Alarm, ComparisonOperator, Metric, TreatMissingData, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { metricsNamespace, SERVICE_NAME } from './broker-function';
import type { StageConfig } from './stage-config';

/** Emitted by the clear function (Powertools Metrics, unit Count) once per auction that failed. */
export const CLEARING_FAILED_METRIC = 'ClearingFailed';

export interface BrokerAlarmsProps {
  config: StageConfig;
  functions: Record<string, IFunction>;
  deadLetterQueue: IQueue;
  /** Optional e-mail subscribed to the alarm topic (context `alarmEmail`). */
  alarmEmail?: string | undefined;
}

export class BrokerAlarms extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];
  private readonly evaluationPeriods: number;

  constructor(scope: Construct, id: string, props: BrokerAlarmsProps) {
    super(scope, id);
    const { config } = props;
    this.evaluationPeriods = config.alarms.evaluationPeriods;
    // No SSE on this topic: CloudWatch cannot publish to one encrypted with the AWS-managed
    // aws/sns key, and a customer-managed key is not worth it for alarm notifications.
    this.topic = new Topic(this, 'Topic', { displayName: `Surplus Broker alarms (${config.stage})`, enforceSSL: true });
    if (props.alarmEmail) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));
    const period = config.alarms.period;

    for (const [name, fn] of Object.entries(props.functions)) {
      this.add(`${name}Errors`, fn.metricErrors({ period, statistic: 'Sum' }), config.alarms.errorsThreshold, `${name}: function errors`);
      this.add(`${name}Throttles`, fn.metricThrottles({ period, statistic: 'Sum' }), 1, `${name}: throttled invocations`);
    }
    const clearingFailed = new Metric({
      namespace: metricsNamespace(config),
      metricName: CLEARING_FAILED_METRIC,
      // Powertools Metrics adds the `service` dimension (POWERTOOLS_SERVICE_NAME) by default.
      dimensionsMap: { service: SERVICE_NAME },
      statistic: 'Sum',
      period: Duration.minutes(1),
    });
    this.add('ClearingFailed', clearingFailed, 1, 'an auction failed to clear');
    this.add(
      'DeadLetterQueueNotEmpty',
      props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
      1,
      'failed asynchronous invocations are waiting in the dead-letter queue',
    );
  }

  private add(id: string, metric: IMetric, threshold: number, description: string): void {
    const alarm = new Alarm(this, id, {
      metric,
      threshold,
      evaluationPeriods: this.evaluationPeriods,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      alarmDescription: description,
    });
    alarm.addAlarmAction(new SnsAction(this.topic));
    this.alarms.push(alarm);
  }

}

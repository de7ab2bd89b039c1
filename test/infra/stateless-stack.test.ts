// The stateless stack: functions and their environment, the HTTP API, the schedules, the
// dead-letter queue and the alarms. Resources are found by what they are, never by logical id.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Template } from 'aws-cdk-lib/assertions';
import { FUNCTION_SPECS, CLEARING_TIME_LIMIT_S, type FunctionName } from '../../lib/infra/function-specs';
import { stageConfig } from '../../lib/infra/stage-config';
import { only, synthBroker, type SynthesizedBroker } from '../support/cdk-app';

type Resource = { [key: string]: any };

/** The logical id and resource of each broker function, found by its entry in the description. */
function functions(template: Template): Record<FunctionName, { id: string; props: Resource }> {
  const all = Object.entries(template.findResources('AWS::Lambda::Function'));
  const pick = (name: FunctionName) => {
    const matches = all.filter(([, r]) => String(r.Properties.Description).startsWith(`${FUNCTION_SPECS[name].entry}:`));
    if (matches.length !== 1) throw new Error(`expected one function for ${name}, found ${matches.length}`);
    const [id, resource] = matches[0]!;
    return { id, props: resource.Properties };
  };
  return { api: pick('api'), clear: pick('clear'), deliverNotices: pick('deliverNotices') };
}

/** The logical id in the stateful stack an `Fn::ImportValue` in the stateless stack resolves to. */
function exported(stateful: Template, value: unknown): unknown {
  const name = (value as { 'Fn::ImportValue'?: string })['Fn::ImportValue'];
  const output = Object.values(stateful.toJSON().Outputs ?? {}).find((o: any) => o.Export?.Name === name) as Resource | undefined;
  return output?.Value;
}

const idOf = (template: Template, type: string) => Object.keys(template.findResources(type))[0]!;

describe('stateless stack', () => {
  let dev: SynthesizedBroker;
  let prod: SynthesizedBroker;
  beforeAll(() => {
    dev = synthBroker('dev');
    prod = synthBroker('prod');
  });

  it('has exactly the three broker functions, each Node 22 on ARM64 with source maps', () => {
    expect(Object.keys(dev.stateless.findResources('AWS::Lambda::Function'))).toHaveLength(3);
    for (const { props } of Object.values(functions(dev.stateless))) {
      expect(props.Runtime).toBe('nodejs22.x');
      expect(props.Architectures).toEqual(['arm64']);
      expect(props.Handler).toBe('index.handler');
      expect(props.Environment.Variables.NODE_OPTIONS).toBe('--enable-source-maps');
    }
  });

  it('passes TABLE_NAME (the stateful table) and the Powertools settings to every function', () => {
    const tableId = idOf(dev.stateful, 'AWS::DynamoDB::GlobalTable');
    for (const { props } of Object.values(functions(dev.stateless))) {
      const env = props.Environment.Variables;
      expect(exported(dev.stateful, env.TABLE_NAME)).toEqual({ Ref: tableId });
      expect(env).toMatchObject({ POWERTOOLS_SERVICE_NAME: 'surplus-broker', POWERTOOLS_METRICS_NAMESPACE: 'SurplusBroker/dev', LOG_LEVEL: 'DEBUG' });
    }
    expect(functions(prod.stateless).api.props.Environment.Variables).toMatchObject({ POWERTOOLS_METRICS_NAMESPACE: 'SurplusBroker/prod', LOG_LEVEL: 'INFO' });
  });

  it('gives the API only the ARNs of its secrets (no value, no dynamic reference), and only the API', () => {
    const { api, clear, deliverNotices } = functions(dev.stateless);
    const env = api.props.Environment.Variables;
    const secretIds = Object.keys(dev.stateful.findResources('AWS::SecretsManager::Secret')).sort();
    expect([exported(dev.stateful, env.BROKER_BOOTSTRAP_KEY_SECRET_ARN), exported(dev.stateful, env.BROKER_SESSION_SECRET_ARN)].map((v) => (v as { Ref: string }).Ref).sort()).toEqual(secretIds);
    expect(env.BROKER_BOOTSTRAP_KEY).toBeUndefined();
    expect(env.BROKER_SESSION_SECRET).toBeUndefined();
    expect(JSON.stringify(dev.stateless.toJSON())).not.toContain('resolve:secretsmanager');
    for (const fn of [clear, deliverNotices]) expect(Object.keys(fn.props.Environment.Variables).filter((k) => k.includes('SECRET') || k.includes('BOOTSTRAP'))).toEqual([]);
  });

  it('sizes the clearing function for the solver and keeps its time limit below the timeout', () => {
    const { clear } = functions(dev.stateless);
    expect(clear.props.MemorySize).toBeGreaterThanOrEqual(2048);
    expect(clear.props.Timeout).toBe(300);
    expect(clear.props.Environment.Variables.CLEARING_TIME_LIMIT_S).toBe(String(CLEARING_TIME_LIMIT_S));
    expect(CLEARING_TIME_LIMIT_S).toBeLessThan(clear.props.Timeout);
  });

  it('routes every request ($default) to the API function and throttles the stage per stage config', () => {
    const { api } = functions(dev.stateless);
    const route = only(dev.stateless, 'AWS::ApiGatewayV2::Route').Properties;
    expect(route.RouteKey).toBe('$default');
    const integrationId = route.Target['Fn::Join'][1][1].Ref;
    const integration = dev.stateless.toJSON().Resources[integrationId].Properties;
    expect(integration).toMatchObject({ IntegrationType: 'AWS_PROXY', PayloadFormatVersion: '2.0', IntegrationUri: { 'Fn::GetAtt': [api.id, 'Arn'] } });
    for (const [stage, synth] of [['dev', dev], ['prod', prod]] as const) {
      const { rateLimit, burstLimit } = stageConfig(stage).throttle;
      const httpStage = only(synth.stateless, 'AWS::ApiGatewayV2::Stage').Properties;
      expect(httpStage).toMatchObject({ StageName: '$default', AutoDeploy: true, DefaultRouteSettings: { ThrottlingRateLimit: rateLimit, ThrottlingBurstLimit: burstLimit } });
      expect(synth.stateless.toJSON().Resources[httpStage.AccessLogSettings.DestinationArn['Fn::GetAtt'][0]].Type).toBe('AWS::Logs::LogGroup');
    }
    expect(stageConfig('prod').throttle.rateLimit).not.toBe(stageConfig('dev').throttle.rateLimit);
  });

  it('invokes clear and deliver-notices every minute, with retries and the DLQ', () => {
    const fns = functions(dev.stateless);
    const dlq = idOf(dev.stateless, 'AWS::SQS::Queue');
    const schedules = Object.values(dev.stateless.findResources('AWS::Scheduler::Schedule')).map((s) => s.Properties);
    expect(schedules).toHaveLength(2);
    const targets = schedules.map((s) => s.Target.Arn['Fn::GetAtt'][0]).sort();
    expect(targets).toEqual([fns.clear.id, fns.deliverNotices.id].sort());
    for (const schedule of schedules) {
      expect(schedule.ScheduleExpression).toBe('rate(1 minute)');
      expect(schedule.State).toBe('ENABLED');
      expect(schedule.Target.DeadLetterConfig).toEqual({ Arn: { 'Fn::GetAtt': [dlq, 'Arn'] } });
      expect(schedule.Target.RetryPolicy.MaximumRetryAttempts).toBeGreaterThan(0);
    }
  });

  it('sends failed scheduled invocations to the encrypted DLQ without Lambda retries', () => {
    const fns = functions(dev.stateless);
    const dlq = idOf(dev.stateless, 'AWS::SQS::Queue');
    expect(only(dev.stateless, 'AWS::SQS::Queue').Properties).toMatchObject({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 24 * 3600 });
    const configs = Object.values(dev.stateless.findResources('AWS::Lambda::EventInvokeConfig')).map((c) => c.Properties);
    expect(configs.map((c) => c.FunctionName.Ref).sort()).toEqual([fns.clear.id, fns.deliverNotices.id].sort());
    for (const config of configs) {
      expect(config.MaximumRetryAttempts).toBe(0);
      expect(config.DestinationConfig.OnFailure.Destination).toEqual({ 'Fn::GetAtt': [dlq, 'Arn'] });
    }
  });

  it('alarms on errors and throttles of each function, failed clearings and a non-empty DLQ', () => {
    const fns = functions(dev.stateless);
    const alarms = Object.values(dev.stateless.findResources('AWS::CloudWatch::Alarm')).map((a) => a.Properties);
    const topic = idOf(dev.stateless, 'AWS::SNS::Topic');
    const key = (a: Resource) => `${a.Namespace}/${a.MetricName}/${JSON.stringify(a.Dimensions)}`;
    const expected = [
      ...Object.values(fns).flatMap(({ id }) =>
        ['Errors', 'Throttles'].map((metric) => `AWS/Lambda/${metric}/${JSON.stringify([{ Name: 'FunctionName', Value: { Ref: id } }])}`),
      ),
      `SurplusBroker/dev/ClearingFailed/${JSON.stringify([{ Name: 'service', Value: 'surplus-broker' }])}`,
      `AWS/SQS/ApproximateNumberOfMessagesVisible/${JSON.stringify([{ Name: 'QueueName', Value: { 'Fn::GetAtt': [idOf(dev.stateless, 'AWS::SQS::Queue'), 'QueueName'] } }])}`,
    ];
    expect(alarms.map(key).sort()).toEqual(expected.sort());
    for (const alarm of alarms) {
      expect(alarm.AlarmActions).toEqual([{ Ref: topic }]);
      expect(alarm.Threshold).toBeGreaterThanOrEqual(1);
      expect(alarm.ComparisonOperator).toBe('GreaterThanOrEqualToThreshold');
    }
    const prodErrors = Object.values(prod.stateless.findResources('AWS::CloudWatch::Alarm')).filter((a) => a.Properties.MetricName === 'Errors');
    expect(prodErrors.map((a) => a.Properties.Threshold)).toEqual([1, 1, 1]);
  });

  it('subscribes the alarm e-mail from context when given', () => {
    const withEmail = synthBroker('dev', { alarmEmail: 'ops@example.org' });
    withEmail.stateless.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.org' });
    expect(Object.keys(dev.stateless.findResources('AWS::SNS::Subscription'))).toHaveLength(0);
  });

  it('keeps function and access logs for the stage retention; prod retains them', () => {
    for (const [stage, synth] of [['dev', dev], ['prod', prod]] as const) {
      const groups = Object.values(synth.stateless.findResources('AWS::Logs::LogGroup'));
      expect(groups).toHaveLength(4);
      for (const group of groups) {
        expect(group.Properties.RetentionInDays).toBe(stageConfig(stage).logRetention);
        expect(group.DeletionPolicy).toBe(stage === 'prod' ? 'Retain' : 'Delete');
      }
    }
  });
});

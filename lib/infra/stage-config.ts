// Everything that differs between stages, chosen by `--context stage=dev|prod` (default dev).
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';

export const STAGES = ['dev', 'prod'] as const;
export type StageName = (typeof STAGES)[number];

export interface StageConfig {
  stage: StageName;
  /** Table, secret and log groups: RETAIN in prod so a stack deletion never loses data. */
  removalPolicy: RemovalPolicy;
  deletionProtection: boolean;
  logRetention: RetentionDays;
  /** HTTP API stage throttling, requests per second (steady) and burst. */
  throttle: { rateLimit: number; burstLimit: number };
  tracing: boolean;
  /** LOG_LEVEL for Powertools Logger. */
  logLevel: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  alarms: {
    /** Function errors in one period that raise the alarm. */
    errorsThreshold: number;
    period: Duration;
    evaluationPeriods: number;
  };
}

const CONFIGS: Record<StageName, Omit<StageConfig, 'stage'>> = {
  dev: {
    removalPolicy: RemovalPolicy.DESTROY,
    deletionProtection: false,
    logRetention: RetentionDays.ONE_WEEK,
    throttle: { rateLimit: 50, burstLimit: 100 },
    tracing: false,
    logLevel: 'DEBUG',
    alarms: { errorsThreshold: 5, period: Duration.minutes(5), evaluationPeriods: 1 },
  },
  prod: {
    removalPolicy: RemovalPolicy.RETAIN,
    deletionProtection: true,
    logRetention: RetentionDays.THREE_MONTHS,
    throttle: { rateLimit: 500, burstLimit: 1000 },
    tracing: true,
    logLevel: 'INFO',
    alarms: { errorsThreshold: 1, period: Duration.minutes(5), evaluationPeriods: 1 },
  },
};

export function isStageName(value: unknown): value is StageName {
  return typeof value === 'string' && (STAGES as readonly string[]).includes(value);
}

export function stageConfig(stage: unknown = 'dev'): StageConfig {
  if (!isStageName(stage)) throw new Error(`unknown stage ${JSON.stringify(stage)}: use one of ${STAGES.join(', ')}`);
  return { stage, ...CONFIGS[stage] };
}

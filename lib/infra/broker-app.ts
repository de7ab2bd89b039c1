// The broker's stacks for one stage. Env-agnostic (no account/region, no lookups), so
// `cdk synth` needs neither credentials nor network.
import { Tags, type App } from 'aws-cdk-lib';
import { StatefulStack } from './stateful-stack';
import { StatelessStack } from './stateless-stack';
import { stageConfig } from './stage-config';

export interface BrokerStacks {
  stateful: StatefulStack;
  stateless: StatelessStack;
}

/** Reads the context: `stage` (dev|prod, default dev) and optional `alarmEmail`. */
export function defineBrokerApp(app: App): BrokerStacks {
  const config = stageConfig(app.node.tryGetContext('stage') ?? 'dev');
  const alarmEmail: unknown = app.node.tryGetContext('alarmEmail');
  const prefix = `SurplusBroker-${config.stage}`;
  const stateful = new StatefulStack(app, `${prefix}-Stateful`, {
    config,
    description: `Surplus Broker (${config.stage}): table, bootstrap key and session secret`,
  });
  const stateless = new StatelessStack(app, `${prefix}-Stateless`, {
    config,
    table: stateful.table,
    bootstrapKey: stateful.bootstrapKey,
    sessionSecret: stateful.sessionSecret,
    alarmEmail: typeof alarmEmail === 'string' && alarmEmail ? alarmEmail : undefined,
    description: `Surplus Broker (${config.stage}): functions, HTTP API, schedules, alarms`,
  });
  Tags.of(app).add('project', 'surplus-broker');
  Tags.of(app).add('stage', config.stage);
  return { stateful, stateless };
}

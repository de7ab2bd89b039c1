// What holds data and must outlive redeploys: the table, the bootstrap operator key and the
// dashboard session secret.
import { Stack, type StackProps } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Secret, type ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { BrokerTable } from './broker-table';
import type { StageConfig } from './stage-config';

export interface StatefulStackProps extends StackProps {
  config: StageConfig;
}

export class StatefulStack extends Stack {
  readonly table: ITableV2;
  /** BROKER_BOOTSTRAP_KEY: generated here, never in source or in the CLI's arguments. */
  readonly bootstrapKey: ISecret;
  /** BROKER_SESSION_SECRET: seals dashboard sessions, the same on every API instance. */
  readonly sessionSecret: ISecret;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);
    this.table = new BrokerTable(this, 'Broker', props.config).table;
    this.bootstrapKey = new Secret(this, 'BootstrapKey', {
      description: 'Surplus Broker bootstrap operator API key (BROKER_BOOTSTRAP_KEY)',
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
      // Its hash is stored in the table on first start: it lives and dies with the table.
      removalPolicy: props.config.removalPolicy,
    });
    this.sessionSecret = new Secret(this, 'SessionSecret', {
      description: 'Surplus Broker dashboard session secret (BROKER_SESSION_SECRET)',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: props.config.removalPolicy,
    });
  }
}

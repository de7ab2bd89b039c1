// CDK app entry (cdk.json: `npx tsx lib/infra/app.ts`). Stage: `--context stage=dev|prod`.
import { App } from 'aws-cdk-lib';
import { defineBrokerApp } from './broker-app';

const app = new App();
defineBrokerApp(app);
app.synth();

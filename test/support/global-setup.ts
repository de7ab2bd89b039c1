// Starts one DynamoDB Local for the whole run and hands its endpoint to every test worker.
import type { TestProject } from 'vitest/node';
import { writeFileSync, rmSync } from 'node:fs';
import { startDynamoDbLocal, LOCAL_AWS_ENV, type DynamoDbLocal } from '../../apps/local/dynamodb-local';

const PID_FILE = '.ddb-local.pid';
let local: DynamoDbLocal | undefined;

export async function setup(project: TestProject): Promise<void> {
  local = await startDynamoDbLocal();
  if (local.pid) writeFileSync(PID_FILE, String(local.pid));
  Object.assign(process.env, LOCAL_AWS_ENV, { DYNAMODB_ENDPOINT: local.endpoint, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' });
  project.provide('dynamodbEndpoint', local.endpoint);
}

export async function teardown(): Promise<void> {
  await local?.stop();
  rmSync(PID_FILE, { force: true });
}

declare module 'vitest' {
  export interface ProvidedContext {
    dynamodbEndpoint: string;
  }
}

// One DynamoDB document client per process, configured from the environment: in AWS the
// default endpoint, locally DYNAMODB_ENDPOINT points at DynamoDB Local. No branches on "local".
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface DynamoDbConfig {
  endpoint?: string | undefined;
  region?: string | undefined;
}

export function createDocumentClient(config: DynamoDbConfig = {}): DynamoDBDocumentClient {
  const client = new DynamoDBClient({
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
    ...(config.region ? { region: config.region } : {}),
    maxAttempts: 5,
  });
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
    unmarshallOptions: { wrapNumbers: false },
  });
}

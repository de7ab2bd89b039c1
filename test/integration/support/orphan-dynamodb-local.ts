// Run as `node --import tsx orphan-dynamodb-local.ts DIR [no-watchdog]`: starts DynamoDB Local on
// DIR, stores one item, prints {"pid","port"} and waits to be killed (the orphan test's parent).
import { CreateTableCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { startDynamoDbLocal } from '../../../apps/local/dynamodb-local';

const [dir, mode] = process.argv.slice(2);
const ddb = await startDynamoDbLocal({ dbPath: dir ?? null, killWithParent: mode !== 'no-watchdog' });
const client = new DynamoDBClient({ endpoint: ddb.endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
await client.send(new CreateTableCommand({
  TableName: 'orphan', BillingMode: 'PAY_PER_REQUEST',
  AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
}));
await client.send(new PutItemCommand({ TableName: 'orphan', Item: { pk: { S: 'kept' }, v: { S: 'before the kill' } } }));
process.stdout.write(`${JSON.stringify({ pid: ddb.pid, port: ddb.port })}\n`);
setInterval(() => {}, 60_000);

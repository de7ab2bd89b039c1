// The OutboxPort contract against the in-memory double and the DynamoDB adapter.
import { outboxContract } from './outbox.contract';
import { InMemoryOutboxTestDouble } from '../unit/notify/in-memory-outbox.test-double';
import { createTestTable } from '../support/dynamodb';
import { createDynamoDbOutbox } from '../../lib/store/dynamodb-notify-store';

outboxContract('in-memory double', async () => {
  const outbox = new InMemoryOutboxTestDouble();
  return {
    outbox,
    async add(entry) { outbox.add(entry); },
    async get(id) { return structuredClone(outbox.entries.find((e) => e.id === id)); },
  };
});

outboxContract('DynamoDB adapter', async () => {
  const t = await createTestTable('contract-ob');
  const outbox = createDynamoDbOutbox(t.doc, t.tableName);
  return {
    outbox,
    async add(entry) { await outbox.put(entry); },
    get: (id) => outbox.get(id),
    drop: () => t.drop(),
  };
});

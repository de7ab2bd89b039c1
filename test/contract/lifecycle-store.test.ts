// The LifecycleStore contract against the in-memory double and the DynamoDB adapter.
import { lifecycleStoreContract } from './lifecycle-store.contract';
import { InMemoryLifecycleStoreTestDouble } from '../unit/lifecycle/in-memory-lifecycle-store.test-double';
import { createTestTable } from '../support/dynamodb';
import { createDynamoDbStore } from '../../lib/store/dynamodb-store';
import { createDynamoDbLifecycleStore } from '../../lib/store/dynamodb-lifecycle-store';

lifecycleStoreContract('in-memory double', async () => {
  const store = new InMemoryLifecycleStoreTestDouble();
  return {
    store,
    async seed(a) {
      store.auctions.set(a.id, {
        id: a.id, zone: a.zone, deliveryStart: a.deliveryStart, intervalMinutes: a.intervalMinutes, intervalCount: a.intervalCount,
        gateClosure: a.gateClosure, pricing: a.pricing, currency: a.currency, status: a.status, timestamps: a.timestamps ?? {}, clearing: { attempts: 0 },
      });
    },
  };
});

lifecycleStoreContract('DynamoDB adapter', async () => {
  const t = await createTestTable('contract-lc');
  const market = createDynamoDbStore(t.doc, t.tableName);
  return {
    store: createDynamoDbLifecycleStore(t.doc, t.tableName, market),
    seed: (a) => market.auctions.createAuction(a),
    drop: () => t.drop(),
  };
});

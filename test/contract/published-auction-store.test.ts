// The curtailment contract against the DynamoDB adapter (no in-memory double implements it yet).
import { publishedAuctionStoreContract } from './published-auction-store.contract';
import { createTestTable } from '../support/dynamodb';
import { createDynamoDbStore } from '../../lib/store/dynamodb-store';
import { createDynamoDbLifecycleStore } from '../../lib/store/dynamodb-lifecycle-store';

publishedAuctionStoreContract('DynamoDB adapter', async () => {
  const t = await createTestTable('contract-pub');
  const market = createDynamoDbStore(t.doc, t.tableName);
  const store = createDynamoDbLifecycleStore(t.doc, t.tableName, market);
  return { store, published: store, seed: (a) => market.auctions.createAuction(a), drop: () => t.drop() };
});

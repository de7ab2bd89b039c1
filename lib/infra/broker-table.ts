// The broker's DynamoDB table, built FROM lib/store/table-design.ts: keys, indexes and the TTL
// attribute come from TABLE_DESIGN, so adding an index there adds it here (and in local runs).
import { Construct } from 'constructs';
import { AttributeType, Billing, ProjectionType, TableEncryptionV2, TableV2, type GlobalSecondaryIndexPropsV2 } from 'aws-cdk-lib/aws-dynamodb';
import { TABLE_DESIGN } from '../store/table-design';
import type { StageConfig } from './stage-config';

interface IndexDesign {
  readonly indexName: string;
  readonly partitionKey: string;
  readonly sortKey?: string;
}

/** Every key attribute is a string, as in createTableInput (the local bootstrap). */
const key = (name: string) => ({ name, type: AttributeType.STRING });

export function globalIndexes(indexes: readonly IndexDesign[] = TABLE_DESIGN.globalIndexes): GlobalSecondaryIndexPropsV2[] {
  return indexes.map((index) => ({
    indexName: index.indexName,
    partitionKey: key(index.partitionKey),
    ...(index.sortKey ? { sortKey: key(index.sortKey) } : {}),
    projectionType: ProjectionType.ALL,
  }));
}

/**
 * TableV2 (AWS::DynamoDB::GlobalTable) rather than Table: the same single-region table today,
 * and a replica in a second region can be added later without replacing it (moving from Table
 * to TableV2 would mean a data migration of a retained production table).
 */
export class BrokerTable extends Construct {
  readonly table: TableV2;

  constructor(scope: Construct, id: string, config: StageConfig) {
    super(scope, id);
    this.table = new TableV2(this, 'Table', {
      partitionKey: key(TABLE_DESIGN.partitionKey),
      sortKey: key(TABLE_DESIGN.sortKey),
      globalSecondaryIndexes: globalIndexes(),
      timeToLiveAttribute: TABLE_DESIGN.ttlAttribute,
      billing: Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // AWS-managed KMS key (aws/dynamodb): key use is visible in CloudTrail, nothing to rotate
      // or grant; a customer-managed key adds $1/month and key-policy upkeep for no need today.
      encryption: TableEncryptionV2.awsManagedKey(),
      deletionProtection: config.deletionProtection,
      removalPolicy: config.removalPolicy,
    });
  }
}

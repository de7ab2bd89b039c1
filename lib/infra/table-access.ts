// The DynamoDB actions a function may get, listed (no `dynamodb:*`), and the resources they
// apply to: the table itself, and its indexes only for the actions that can read an index.
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { TABLE_DESIGN } from '../store/table-design';

export type TableAccess = 'read' | 'readWrite';

export const TABLE_ACTIONS = {
  // ConditionCheckItem: the condition legs of TransactWriteItems; DescribeTable: health checks.
  read: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:Scan', 'dynamodb:ConditionCheckItem', 'dynamodb:DescribeTable'],
  write: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'],
  index: ['dynamodb:Query', 'dynamodb:Scan'],
} as const;

export function tableStatements(table: ITableV2, access: TableAccess): PolicyStatement[] {
  const tableActions = access === 'readWrite' ? [...TABLE_ACTIONS.read, ...TABLE_ACTIONS.write] : [...TABLE_ACTIONS.read];
  const statements = [new PolicyStatement({ effect: Effect.ALLOW, actions: tableActions, resources: [table.tableArn] })];
  const indexArns = TABLE_DESIGN.globalIndexes.map((index) => `${table.tableArn}/index/${index.indexName}`);
  if (indexArns.length > 0) {
    statements.push(new PolicyStatement({ effect: Effect.ALLOW, actions: [...TABLE_ACTIONS.index], resources: indexArns }));
  }
  return statements;
}

// Conditional writes and transactions with one outcome shape. A failed condition is not an
// exception here: it is `{ ok: false, old }`, where `old` is the item as DynamoDB saw it
// (ReturnValuesOnConditionCheckFailure = ALL_OLD), so callers decide why without a re-read.
// Transactions cancelled only by TransactionConflict (another transaction held an item) are
// retried with jitter; a failed condition is final.
import { ConditionalCheckFailedException, TransactionCanceledException, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import {
  DeleteCommand, PutCommand, TransactWriteCommand, UpdateCommand,
  type DeleteCommandInput, type PutCommandInput, type TransactWriteCommandInput, type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { Item, Table } from './table';

export type WriteOutcome = { ok: true; attributes?: Item | undefined } | { ok: false; old?: Item | undefined };

type Without<T> = Omit<T, 'TableName' | 'ReturnValuesOnConditionCheckFailure'>;
type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** The old image of a failed condition; the document client does not unmarshall error payloads. */
const oldImage = (item: Record<string, AttributeValue> | undefined): Item | undefined =>
  (item ? unmarshall(item, { wrapNumbers: false }) : undefined);

async function conditional(send: () => Promise<{ Attributes?: Item | undefined }>): Promise<WriteOutcome> {
  try {
    const out = await send();
    return { ok: true, attributes: out.Attributes };
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return { ok: false, old: oldImage(error.Item) };
    throw error;
  }
}

export const conditionalPut = (table: Table, input: Without<PutCommandInput>) =>
  conditional(() => table.doc.send(new PutCommand({ ...input, TableName: table.name, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' })));

export const conditionalUpdate = (table: Table, input: Without<UpdateCommandInput>) =>
  conditional(() => table.doc.send(new UpdateCommand({ ...input, TableName: table.name, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' })));

export const conditionalDelete = (table: Table, input: Without<DeleteCommandInput>) =>
  conditional(() => table.doc.send(new DeleteCommand({ ...input, TableName: table.name, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' })));

/** Transaction items with the table filled in and old images requested on failed conditions. */
export const tx = {
  put: (table: Table, put: Without<NonNullable<TransactItem['Put']>>): TransactItem =>
    ({ Put: { ...put, TableName: table.name, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' } }),
  update: (table: Table, update: Without<NonNullable<TransactItem['Update']>>): TransactItem =>
    ({ Update: { ...update, TableName: table.name, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' } }),
  delete: (table: Table, del: Without<NonNullable<TransactItem['Delete']>>): TransactItem =>
    ({ Delete: { ...del, TableName: table.name, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' } }),
  check: (table: Table, check: Without<NonNullable<TransactItem['ConditionCheck']>>): TransactItem =>
    ({ ConditionCheck: { ...check, TableName: table.name, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' } }),
};
export type { TransactItem };

/** Per transaction item (same index): did its condition fail, and the item it was checked against. */
export interface CancelReason { failed: boolean; old?: Item | undefined }
/** `failed` on no reason means the transaction kept conflicting with others until retries ran out. */
export type TransactOutcome = { ok: true } | { ok: false; reasons: CancelReason[] };

export interface ConflictRetry { maxAttempts?: number; baseDelayMs?: number; spreadMs?: number }

export async function transact(table: Table, items: TransactItem[], retry: ConflictRetry = {}): Promise<TransactOutcome> {
  const maxAttempts = retry.maxAttempts ?? 5;
  for (let attempt = 1; ; attempt++) {
    try {
      await table.doc.send(new TransactWriteCommand({ TransactItems: items }));
      return { ok: true };
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const codes = (error.CancellationReasons ?? []).map((r) => r.Code);
      const failed = codes.includes('ConditionalCheckFailed');
      if (!failed && !codes.includes('TransactionConflict')) throw error;
      if (failed || attempt >= maxAttempts) {
        return {
          ok: false,
          reasons: items.map((_, i) => {
            const reason = error.CancellationReasons?.[i];
            return { failed: reason?.Code === 'ConditionalCheckFailed', old: oldImage(reason?.Item) };
          }),
        };
      }
      await new Promise((r) => setTimeout(r, (retry.baseDelayMs ?? 5) + Math.random() * (retry.spreadMs ?? 20) * attempt));
    }
  }
}

// FAULT-INJECTION WRAPPER around the REAL DynamoDB document client (not a mock): every request
// goes to DynamoDB Local unchanged, except that once armed, only the first `budget` item writes
// succeed. A BatchWrite that crosses the budget is really applied for its first items and then
// fails (a crash mid-batch); in mode 'after' the write that crosses the budget is applied and
// its response is lost (a crash between the write and its acknowledgement).
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';

const WRITES = new Set(['PutCommand', 'UpdateCommand', 'DeleteCommand', 'TransactWriteCommand', 'BatchWriteCommand']);

export class InjectedFault extends Error {
  override readonly name = 'InjectedFault';
}

export interface FaultPlan {
  /** Item writes allowed before the crash; undefined = disarmed (count only). */
  budget: number | undefined;
  mode: 'before' | 'after';
  /** Item writes seen since arming (a BatchWrite counts its items, a transaction counts 1). */
  writes: number;
  /** When set: transactions after this many go to DynamoDB no more and are cancelled with
   * TransactionConflict on every item (as when other writers keep winning). */
  conflictAfter?: number | undefined;
  /** Transactions seen while conflictAfter is set. */
  transactions?: number;
}

export function withFaults(doc: DynamoDBDocumentClient, plan: FaultPlan): DynamoDBDocumentClient {
  const send = async (command: { constructor: { name: string }; input: any }) => {
    const name = command.constructor.name;
    if (name === 'TransactWriteCommand' && plan.conflictAfter !== undefined) {
      plan.transactions = (plan.transactions ?? 0) + 1;
      if (plan.transactions > plan.conflictAfter) {
        throw new TransactionCanceledException({
          message: 'injected conflict', $metadata: {},
          CancellationReasons: (command.input.TransactItems as unknown[]).map(() => ({ Code: 'TransactionConflict' })),
        });
      }
    }
    if (!WRITES.has(name)) return doc.send(command as never);
    if (plan.budget === undefined) {
      plan.writes += name === 'BatchWriteCommand' ? batchItems(command.input) : 1;
      return doc.send(command as never);
    }
    const left = plan.budget - plan.writes;
    if (name === 'BatchWriteCommand') {
      const n = batchItems(command.input);
      if (n <= left) { plan.writes += n; return doc.send(command as never); }
      const applied = plan.mode === 'after' ? Math.max(0, left) + 1 : Math.max(0, left);
      if (applied > 0) await doc.send(partialBatch(command.input, Math.min(applied, n)) as never);
      plan.writes += Math.min(applied, n);
      throw new InjectedFault(`crash inside a BatchWrite after ${applied} of ${n} items`);
    }
    if (left > 0) { plan.writes += 1; return doc.send(command as never); }
    if (plan.mode === 'after' && left === 0) {
      plan.writes += 1;
      await doc.send(command as never).catch(() => undefined);
      throw new InjectedFault(`${name} applied, response lost`);
    }
    throw new InjectedFault(`${name} refused (crash)`);
  };
  return new Proxy(doc, { get: (target, prop, receiver) => (prop === 'send' ? send : Reflect.get(target, prop, receiver)) });
}

function batchItems(input: { RequestItems: Record<string, unknown[]> }): number {
  return Object.values(input.RequestItems).reduce((s, r) => s + r.length, 0);
}

function partialBatch(input: { RequestItems: Record<string, unknown[]> }, n: number): BatchWriteCommand {
  const [table, requests] = Object.entries(input.RequestItems)[0]!;
  return new BatchWriteCommand({ RequestItems: { [table]: requests.slice(0, n) as never } });
}

// Owns the ended-session items: written on sign-out, read (consistently, never cached) on every
// dashboard request, so a copied cookie stops working on every instance at once.
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { SessionStore } from '../../market/ports';
import { itemKeys } from '../keys';
import { endedSessionCodec } from '../items/session-item';
import { getItem, type Table } from '../table';

export function createSessionRepository(table: Table): SessionStore {
  return {
    async endSession(sessionId, expiresAt) {
      // An unconditional put: ending an ended session again changes nothing that matters.
      await table.doc.send(new PutCommand({ TableName: table.name, Item: endedSessionCodec.encode({ sessionId, expiresAt }) }));
    },
    async isEnded(sessionId) {
      const item = await getItem(table, itemKeys.endedSession(sessionId));
      return item !== undefined && endedSessionCodec.decode(item).sessionId === sessionId;
    },
  };
}

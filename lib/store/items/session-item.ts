// A dashboard session ended by sign-out: its id, and the TTL at which the session would have
// expired anyway (after that the sealed cookie is refused on its own expiry).
import { z } from 'zod';
import { itemKeys } from '../keys';
import { itemCodec } from './item-codec';

export interface EndedSession { sessionId: string; expiresAt: number }

export const EndedSessionItemSchema = z.object({
  pk: z.string().startsWith('SESSION#'),
  sk: z.string(),
  type: z.literal('session-ended'),
  expiresAt: z.number().int(),
});

export const endedSessionCodec = itemCodec<EndedSession, typeof EndedSessionItemSchema>('session-ended', EndedSessionItemSchema, {
  encode: (s) => ({ ...itemKeys.endedSession(s.sessionId), type: 'session-ended', expiresAt: s.expiresAt }),
  fromItem: (item) => ({ sessionId: item.pk.slice('SESSION#'.length), expiresAt: item.expiresAt }),
});

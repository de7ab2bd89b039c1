// Events-feed item: one notice per (bidder; notice time, auction, version), stored as its JSON.
import { z } from 'zod';
import { CurtailmentNoticeSchema, type CurtailmentNotice } from '../../../schemas/lifecycle';
import { lifecycleKeys } from '../keys';
import { itemCodec } from './item-codec';

const jsonText = z.string().transform((text, ctx) => {
  try {
    return JSON.parse(text);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'not JSON' });
    return z.NEVER;
  }
});

export const EventItemSchema = z.object({
  pk: z.string().startsWith('EVENTS#'),
  sk: z.string(),
  type: z.literal('event'),
  body: jsonText.pipe(CurtailmentNoticeSchema),
});

export const eventCodec = itemCodec<CurtailmentNotice, typeof EventItemSchema>('event', EventItemSchema, {
  encode: (n) => ({ pk: lifecycleKeys.events(n.bidderId), sk: lifecycleKeys.eventSortKey(n), type: 'event', body: JSON.stringify(CurtailmentNoticeSchema.parse(n)) }),
  fromItem: (item) => item.body,
});

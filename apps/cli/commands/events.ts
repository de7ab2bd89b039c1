// broker events [--after CURSOR]: the caller's curtailment notices (GET /v1/events, all pages),
// and the cursor to pass next time to see only newer ones.
import { z } from 'zod';
import { EventsPageSchema, type CurtailmentNotice } from '../../../schemas/lifecycle';
import { COMMON_OPTIONS, CommonOptionsSchema, defineCommand, optionsParser } from '../command';
import { fmt, formatTable } from '../output/table';

const parse = optionsParser({ ...COMMON_OPTIONS, after: { type: 'string' } }, 0, CommonOptionsSchema.extend({ after: z.string().optional() }));

export const events = defineCommand({
  name: 'events',
  summary: 'Your curtailment notices, oldest first (bidder)',
  usage: 'broker events [--after CURSOR] [--json]',
  parse,
  async run({ args, io, client }) {
    const api = client();
    const notices: CurtailmentNotice[] = [];
    let cursor = args.after;
    let last = cursor;
    for (;;) {
      const query = new URLSearchParams({ limit: '100', ...(cursor ? { cursor } : {}) });
      const page = await api.get(`/v1/events?${query}`, EventsPageSchema);
      notices.push(...page.events);
      // The feed always points after its last event (a poll cursor): stop at a page with nothing new.
      last = page.nextCursor ?? last;
      if (page.events.length === 0 || !page.nextCursor || page.nextCursor === cursor) break;
      cursor = page.nextCursor;
    }
    if (args.json) {
      io.stdout(`${JSON.stringify({ events: notices, ...(last ? { cursor: last } : {}) }, null, 2)}\n`);
      return 0;
    }
    io.stdout(notices.length === 0 ? 'no notices\n' : formatTable(['event', 'auction', 'version', 'notice time', 'intervals', 'MW cut'],
      notices.map((n) => [n.eventId, n.auctionId, n.curtailmentVersion, n.noticeTime, n.intervals.length, fmt(n.intervals.reduce((s, i) => s + i.mwBefore - i.mwAfter, 0))])));
    return 0;
  },
});

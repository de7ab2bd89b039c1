// A paged CSV answer (GET …/result or …/settlement with Accept: text/csv), every page written to
// stdout as it arrives: the header row once, then each page's rows (a national file is hundreds
// of pages; none is held in memory past its own).
import type { ApiClient } from '../../../lib/api-client';
import type { CliIo } from '../io';
import { progress } from './progress';

/** Pages read at most (a national result at 4 MB a page is ~200). */
const MAX_PAGES = 10_000;

export async function writeCsvPages(api: ApiClient, io: CliIo, path: string, label: string): Promise<void> {
  const p = progress(io, label);
  try {
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const response = await api.request('GET', `${path}${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`, { accept: 'text/csv' });
      const text = response.text.endsWith('\n') ? response.text : `${response.text}\n`;
      io.stdout(page === 0 ? text : text.slice(text.indexOf('\n') + 1));
      cursor = response.nextCursor;
      if (!cursor) return;
      p.update(`${label}: page ${page + 2}`);
    }
  } finally {
    p.done();
  }
}

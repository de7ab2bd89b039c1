// writeCsvPages: the CLI follows X-Next-Cursor through a paged CSV answer and writes the header
// row once — here over the real API client against a small Hono app serving three pages.
import { describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { createApiClient } from '../../../lib/api-client';
import { writeCsvPages } from '../../../apps/cli/output/csv-pages';
import type { CliIo } from '../../../apps/cli/io';

describe('writeCsvPages', () => {
  it('writes every page, the header once, asking with each page\'s cursor', async () => {
    const pages: Record<string, { rows: string[]; next?: string }> = { '': { rows: ['1', '2'], next: 'c1' }, c1: { rows: ['3'], next: 'c 2' }, 'c 2': { rows: ['4'] } };
    const asked: string[] = [];
    const app = new Hono();
    app.get('/v1/x', (c) => {
      expect(c.req.header('accept')).toBe('text/csv');
      const cursor = c.req.query('cursor') ?? '';
      asked.push(cursor);
      const page = pages[cursor]!;
      return c.body(`h1,h2\r\n${page.rows.map((r) => `${r},x`).join('\r\n')}\r\n`, 200, { 'content-type': 'text/csv', ...(page.next ? { 'x-next-cursor': page.next } : {}) });
    });
    let out = '';
    const io: CliIo = { stdout: (t) => { out += t; }, stderr: () => undefined, stderrIsTTY: false, readFile: async () => '', writeFile: async () => undefined };
    await writeCsvPages(createApiClient({ fetch: async (path, init) => app.request(path, init), key: 'k' }), io, '/v1/x', 'fetching');
    expect(asked).toEqual(['', 'c1', 'c 2']);
    expect(out).toBe('h1,h2\r\n1,x\r\n2,x\r\n3,x\r\n4,x\r\n');
  });
});

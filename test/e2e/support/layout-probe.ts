// What a user would call "cut off" on a page: a table cell or badge whose text overflows its
// box, a cell outside the viewport's width, or a table wider than its box with no scroll hint.
import type { Page } from 'playwright-core';
import { z } from 'zod';

const ClippedSchema = z.array(z.strictObject({ what: z.string(), text: z.string(), detail: z.string() }));
export type Clipped = z.infer<typeof ClippedSchema>[number];

// Runs in the browser (plain JS source: this project type-checks without the DOM library).
export async function clippedElements(page: Page): Promise<Clipped[]> {
  return ClippedSchema.parse(await page.evaluate(`(() => {
    const found = [];
    const width = document.documentElement.clientWidth;
    const visible = (el) => {
      const r = el.getBoundingClientRect();
      return r.width > 1 && r.height > 1 && getComputedStyle(el).visibility !== 'hidden';
    };
    for (const el of document.querySelectorAll('td, th, .status')) {
      if (!visible(el)) continue;
      const r = el.getBoundingClientRect();
      const text = (el.textContent || '').trim().slice(0, 40);
      if (el.scrollWidth > el.clientWidth + 1) found.push({ what: el.tagName.toLowerCase(), text, detail: 'text ' + el.scrollWidth + 'px in ' + el.clientWidth + 'px' });
      const wrap = el.closest('.table-wrap');
      // Inside a wrapper that says it scrolls, a cell beyond the edge is reachable and announced.
      if (!(wrap && wrap.hasAttribute('data-overflow')) && (r.right > width + 1 || r.left < -1)) {
        found.push({ what: el.tagName.toLowerCase(), text, detail: 'spans ' + Math.round(r.left) + '..' + Math.round(r.right) + ' of ' + width + 'px' });
      }
    }
    for (const w of document.querySelectorAll('.table-wrap')) {
      if (visible(w) && w.scrollWidth > w.clientWidth + 1 && !w.hasAttribute('data-overflow')) {
        const t = w.querySelector('table');
        found.push({ what: 'table-wrap', text: t ? t.id : '', detail: 'wider than its box with no scroll hint' });
      }
    }
    return found;
  })()`));
}

// Reads the split chart back from the canvas in the page: for each interval and each non-zero
// segment (AI, mining, unsold), the colour drawn at three heights inside the segment. Used to
// check that the chart draws one stacked bar per interval with the API's numbers.
import type { Page } from 'playwright-core';
import { z } from 'zod';

const ProbeSchema = z.strictObject({
  bars: z.number(),
  gapsWithBarColour: z.number(),
  /** matches: how many of the three samples inside the segment have the segment's colour. */
  segments: z.array(z.strictObject({ interval: z.number(), segment: z.enum(['ai', 'mining', 'unsold']), matches: z.number() })),
});
export type BarProbe = z.infer<typeof ProbeSchema>;

// Runs in the browser (plain JS source: this project type-checks without the DOM library).
export async function probeBars(page: Page): Promise<BarProbe> {
  const raw = await page.evaluate(`(() => {
    const u = window.surplusCharts.split;
    const view = JSON.parse(document.getElementById('auction-data').textContent);
    const css = getComputedStyle(document.documentElement);
    const rgb = (name) => {
      const hex = css.getPropertyValue(name).trim().replace('#', '');
      return [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16));
    };
    const colours = { ai: rgb('--ai'), mining: rgb('--mining'), unsold: rgb('--unsold') };
    const near = (a, b) => b.every((v, i) => Math.abs((a[i] === undefined ? -999 : a[i]) - v) <= 12);
    const pixel = (x, y) => u.ctx.getImageData(Math.round(x), Math.round(y), 1, 1).data;
    const segments = [];
    let gapsWithBarColour = 0;
    let bars = 0;
    view.intervals.forEach((iv, i) => {
      if (!iv.result) return;
      bars++;
      const parts = [];
      let base = 0;
      for (const [name, mw] of [['ai', iv.result.aiMw], ['mining', iv.result.miningMw], ['unsold', iv.result.unallocatedMw]]) {
        if (mw > 0) parts.push([name, base, base + mw]);
        base += mw;
      }
      const x = u.valToPos(i + 0.45, 'x', true);
      for (const [name, low, high] of parts) {
        let matches = 0;
        for (const f of [0.25, 0.5, 0.75]) {
          if (near(pixel(x, u.valToPos(low + (high - low) * f, 'mw', true)), colours[name])) matches++;
        }
        segments.push({ interval: i, segment: name, matches });
      }
      // Between this bar and the next there is a gap: no bar colour there.
      const gapX = u.valToPos(i + 0.97, 'x', true);
      const y = u.valToPos(base / 2, 'mw', true);
      const p = pixel(gapX, y);
      if (near(p, colours.ai) || near(p, colours.mining) || near(p, colours.unsold)) gapsWithBarColour++;
    });
    return { bars, segments, gapsWithBarColour };
  })()`);
  return ProbeSchema.parse(raw);
}

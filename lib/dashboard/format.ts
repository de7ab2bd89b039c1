// Number and time formatting shared by the dashboard pages (fixed locale, so pages are stable).
export function num(value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined) return '–';
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

export function money(value: number | null | undefined, currency: string): string {
  if (value === null || value === undefined) return '–';
  return `${value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${currency}`;
}

/** "2026-12-01 00:00 UTC" */
export function utc(iso: string | null | undefined): string {
  if (!iso) return '–';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

const localFormats = new Map<string, Intl.DateTimeFormat>();

/** "17:00 GMT+5" — the wall-clock time in `timeZone` (fixed locale and 24 h clock, so pages are stable). */
export function localClock(iso: string, timeZone: string, withDate = false): string {
  const key = `${timeZone}|${withDate}`;
  let format = localFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone, hourCycle: 'h23', hour: '2-digit', minute: '2-digit', timeZoneName: 'short',
      ...(withDate ? { year: 'numeric', month: '2-digit', day: '2-digit' } : {}),
    });
    localFormats.set(key, format);
  }
  const parts = Object.fromEntries(format.formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  const clock = `${parts.hour}:${parts.minute} ${parts.timeZoneName}`;
  return withDate ? `${parts.year}-${parts.month}-${parts.day} ${clock}` : clock;
}

/** "2026-12-01 00:00 UTC (05:00 GMT+5)" when the auction names a time zone, else the UTC form. */
export function utcAndLocal(iso: string | null | undefined, timeZone: string | undefined): string {
  if (!iso || !timeZone || Number.isNaN(Date.parse(iso))) return utc(iso);
  return `${utc(iso)} (${localClock(iso, timeZone, true)})`;
}

export function deliveryEnd(deliveryStart: string, intervalMinutes: number, intervalCount: number): string {
  return new Date(Date.parse(deliveryStart) + intervalMinutes * intervalCount * 60_000).toISOString();
}

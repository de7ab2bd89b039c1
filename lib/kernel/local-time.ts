// Wall-clock time in an auction's IANA time zone, shown beside UTC by the dashboard, the CLI and
// CSV exports. Display only: nothing is computed in local time.
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

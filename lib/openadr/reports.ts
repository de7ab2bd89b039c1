// POST /openadr3/reports → meter readings (docs/openadr.md § Reports). A report names one of the
// VEN's events (eventID) and its program; each resource (resourceName = bid id) carries USAGE per
// interval: the interval is the one its intervalPeriod.start falls on, else its id (the auction
// interval index, as in the events). Units: KWH (the default; other units are refused).
import { recordMeterReadings, type MeterReadingStore, type ReadingInput, type RecordOutcome } from '../lifecycle/meter-readings';
import { parseEventId, programIdOf, venIdOf } from './ids';
import type { OadrReport } from './objects';
import { bidderEvent, type VtnReadDeps } from './vtn-reads';

export type ReportOutcome = RecordOutcome | { kind: 'bad-report'; errors: { path: string; message: string }[] } | { kind: 'forbidden'; message: string };

export async function acceptReport(deps: VtnReadDeps & { meter: MeterReadingStore }, bidderId: string, report: OadrReport): Promise<ReportOutcome> {
  const bad = (path: string, message: string): ReportOutcome => ({ kind: 'bad-report', errors: [{ path, message }] });
  if (report.clientName !== bidderId && report.clientName !== venIdOf(bidderId)) return { kind: 'forbidden', message: `clientName ${report.clientName} is not your VEN (${bidderId})` };
  const ref = parseEventId(report.eventID);
  if (!ref) return bad('eventID', 'not an event of this VTN');
  const eventBid = await deps.market.store.bids.getBid(ref.auctionId, ref.bidId);
  if (!eventBid || eventBid.bidder !== bidderId) return { kind: 'forbidden', message: `event ${report.eventID} is not one of your events` };
  const auction = await deps.market.store.auctions.getAuction(ref.auctionId);
  if (!auction) return { kind: 'forbidden', message: `event ${report.eventID} is not one of your events` };
  if (report.programID !== programIdOf(auction.zone, eventBid.class)) return bad('programID', `event ${report.eventID} belongs to program ${programIdOf(auction.zone, eventBid.class)}`);
  // The id's form names an auction and a bid; the event itself must exist (a curtailment version
  // that never was, or an allocation of nothing, is no event to report against).
  if (!(await bidderEvent(deps, bidderId, report.eventID))) return bad('eventID', `no event ${report.eventID} (GET /openadr3/events lists yours)`);

  const usage = (report.payloadDescriptors ?? []).filter((d) => d.payloadType === 'USAGE');
  const units = usage[0]?.units ?? 'KWH';
  if (units !== 'KWH') return bad('payloadDescriptors', `USAGE units must be KWH, not ${units}`);

  const inputs: ReadingInput[] = [];
  const minutesMs = auction.intervalMinutes * 60_000;
  const startMs = Date.parse(auction.deliveryStart);
  for (const [r, resource] of report.resources.entries()) {
    for (const [i, interval] of resource.intervals.entries()) {
      const path = `resources[${r}].intervals[${i}]`;
      let index = interval.id;
      const start = interval.intervalPeriod?.start;
      if (start !== undefined) {
        const offset = (Date.parse(start) - startMs) / minutesMs;
        if (!Number.isInteger(offset)) return bad(`${path}.intervalPeriod.start`, 'does not start an interval of the auction');
        index = offset;
      }
      for (const [p, payload] of interval.payloads.entries()) {
        if (payload.type !== 'USAGE') continue;
        const value = payload.values[0];
        if (payload.values.length !== 1 || typeof value !== 'number' || !(value >= 0)) return bad(`${path}.payloads[${p}].values`, 'USAGE is one number ≥ 0 (kWh)');
        inputs.push({ bidId: resource.resourceName, interval: index, mwh: value / 1000, path });
      }
    }
  }
  if (inputs.length === 0) return bad('resources', 'the report carries no USAGE payload');
  return recordMeterReadings(deps, bidderId, ref.auctionId, inputs, 'openadr3');
}

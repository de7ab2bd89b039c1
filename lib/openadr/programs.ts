// Programs: one per zone and bid class (docs/openadr.md § Mapping). A program names what its
// events carry (IMPORT_CAPACITY_SUBSCRIPTION, IMPORT_CAPACITY_LIMIT in KW) and the reports it
// asks for (USAGE in KWH); its targets name the zone and the class.
import type { BidClass } from '../../schemas/book';
import { isoUtc } from '../kernel/interval-time';
import type { MarketDeps } from '../market/ports';
import { listAuctionsWhere } from './catalog';
import { programIdOf, programNameOf } from './ids';
import type { OadrProgram } from './objects';

export async function listPrograms(market: MarketDeps, classes: readonly BidClass[]): Promise<OadrProgram[]> {
  const auctions = await listAuctionsWhere(market, () => true);
  const zones = new Map<string, { created: string; modified: string }>();
  for (const a of auctions) {
    const z = zones.get(a.zone);
    zones.set(a.zone, { created: z && z.created < a.createdAt ? z.created : a.createdAt, modified: z && z.modified > a.updatedAt ? z.modified : a.updatedAt });
  }
  return [...zones.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).flatMap(([zone, times]) => classes.map((cls): OadrProgram => ({
    id: programIdOf(zone, cls),
    createdDateTime: isoUtc(Date.parse(times.created)),
    modificationDateTime: isoUtc(Date.parse(times.modified)),
    objectType: 'PROGRAM',
    programName: programNameOf(zone, cls),
    programLongName: `Surplus power auctions of zone ${zone}, ${cls === 'ai' ? 'AI inference (firm blocks)' : 'Bitcoin mining (interruptible curves)'}`,
    retailerName: 'surplus-broker',
    programType: 'SURPLUS_AUCTION',
    bindingEvents: false,
    localPrice: false,
    payloadDescriptors: [
      { objectType: 'EVENT_PAYLOAD_DESCRIPTOR', payloadType: 'IMPORT_CAPACITY_SUBSCRIPTION', units: 'KW', currency: null },
      { objectType: 'EVENT_PAYLOAD_DESCRIPTOR', payloadType: 'IMPORT_CAPACITY_LIMIT', units: 'KW', currency: null },
      { objectType: 'REPORT_PAYLOAD_DESCRIPTOR', payloadType: 'USAGE', readingType: 'DIRECT_READ', units: 'KWH' },
    ],
    targets: [{ type: 'ZONE', values: [zone] }, { type: 'BID_CLASS', values: [cls] }],
  })));
}

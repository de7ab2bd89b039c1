// The OpenADR 3.0.1 objects the VTN serves and accepts, field by field from the specification
// (grid-coordination/openadr3-specification, 3.0.1/openadr3.yaml § components.schemas; the
// payload, unit and reading-type enumerations from 3.1.0/enumerations). Required fields,
// `objectType` values and enumerations are the spec's; optional fields keep its nullability.
// Tests validate every VTN response and notification against these schemas (docs/openadr.md).
import { z } from 'zod';
import { quantum, representable } from '../../schemas/book';

/** objectID: URL safe VTN assigned object ID. */
export const ObjectIdSchema = z.string().min(1).max(128).regex(/^[a-zA-Z0-9_-]*$/).meta({ id: 'OadrObjectID' });
export const DateTimeSchema = z.iso.datetime({ offset: true }).describe('datetime in ISO 8601 format');
/** The spec's duration pattern (ISO 8601). */
export const DurationSchema = z.string().max(64)
  .regex(/^(-?)P(?=\d|T\d)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)([DW]))?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/)
  .describe('duration in ISO 8601 format');

export const ObjectTypesSchema = z.enum(['PROGRAM', 'EVENT', 'REPORT', 'SUBSCRIPTION', 'VEN', 'RESOURCE']).meta({ id: 'OadrObjectTypes' });

/** Event interval payload types of the enumerations the broker uses (3.1.0 event-interval-payloads). */
export const EVENT_PAYLOAD_TYPES = ['IMPORT_CAPACITY_SUBSCRIPTION', 'IMPORT_CAPACITY_LIMIT', 'PRICE'] as const;
/** Report payload types the broker reads (3.1.0 report-payloads). */
export const REPORT_PAYLOAD_TYPES = ['USAGE'] as const;
/** 3.1.0 units.schema.yaml. */
export const UnitsSchema = z.enum(['KWH', 'THERMS', 'GHG', 'VOLTS', 'AMPS', 'CELSIUS', 'FAHRENHEIT', 'PERCENT', 'KW', 'KVAH', 'KVARH', 'KVA', 'KVAR']);
/** 3.1.0 reading-types.schema.yaml. */
export const ReadingTypeSchema = z.enum(['DIRECT_READ', 'ESTIMATED', 'SUMMED', 'MEAN', 'PEAK', 'FORECAST', 'AVERAGE']);

const nullable = <T extends z.ZodType>(schema: T) => schema.nullable().optional();

/** Bounds the specification leaves open (docs/openadr.md § Limits): every array and string a VEN
 * sends is bounded, so no body can make a stored item pass DynamoDB's 400 KB or a request do
 * unbounded work. */
export const OADR_LIMITS = {
  text: 1024, valuesPerMap: 50, maps: 20, payloads: 10, descriptors: 20,
  reportResources: 100, intervals: 672, intervalsTotal: 10_000,
  subscriptionOperations: 10, url: 2048, bearerToken: 4096,
} as const;
/** Numbers a VTN object carries: 0 or at least the market's quantum in magnitude (DynamoDB stores
 * nothing below 1e-130), and at most 1e15 (the document client refuses numbers past 2^53; DynamoDB
 * past 9.99e125). A JSON number of more digits than a double holds is read as that double. */
export const OADR_MAX_NUMBER = 1e15;
export const OadrNumberSchema = z.number().min(-OADR_MAX_NUMBER).max(OADR_MAX_NUMBER).refine(representable, quantum);
const text = (max: number = OADR_LIMITS.text) => z.string().max(max);

export const PointSchema = z.object({ x: OadrNumberSchema, y: OadrNumberSchema }).meta({ id: 'OadrPoint' });

export const ValuesMapSchema = z.object({
  type: z.string().min(1).max(128).describe('Enumerated or private string signifying the nature of values'),
  values: z.array(z.union([OadrNumberSchema, text(), z.boolean(), PointSchema])).max(OADR_LIMITS.valuesPerMap),
}).meta({ id: 'OadrValuesMap' });
const valuesMaps = () => z.array(ValuesMapSchema).max(OADR_LIMITS.maps);

export const IntervalPeriodSchema = z.object({
  start: DateTimeSchema,
  duration: DurationSchema.optional(),
  randomizeStart: DurationSchema.optional(),
}).meta({ id: 'OadrIntervalPeriod' });

export const IntervalSchema = z.object({
  id: z.number().int().min(-2147483648).max(2147483647).describe('The broker uses the auction interval index'),
  intervalPeriod: IntervalPeriodSchema.optional(),
  payloads: z.array(ValuesMapSchema).max(OADR_LIMITS.payloads),
}).meta({ id: 'OadrInterval' });

export const EventPayloadDescriptorSchema = z.object({
  objectType: z.enum(['EVENT_PAYLOAD_DESCRIPTOR']).optional(),
  payloadType: z.string().min(1).max(128),
  units: nullable(text(128)),
  currency: nullable(text(128)),
}).meta({ id: 'OadrEventPayloadDescriptor' });

export const ReportPayloadDescriptorSchema = z.object({
  objectType: z.enum(['REPORT_PAYLOAD_DESCRIPTOR']).optional(),
  payloadType: z.string().min(1).max(128),
  readingType: nullable(text(128)),
  units: nullable(text(128)),
  accuracy: nullable(OadrNumberSchema),
  confidence: nullable(z.number().int().min(0).max(100)),
}).meta({ id: 'OadrReportPayloadDescriptor' });

export const ReportDescriptorSchema = z.object({
  payloadType: z.string().min(1).max(128),
  readingType: nullable(text(128)),
  units: nullable(text(128)),
  targets: nullable(valuesMaps()),
  aggregate: z.boolean().optional(),
  startInterval: z.number().int().optional(),
  numIntervals: z.number().int().optional(),
  historical: z.boolean().optional(),
  frequency: z.number().int().optional(),
  repeat: z.number().int().optional(),
}).meta({ id: 'OadrReportDescriptor' });

const provisioned = {
  id: ObjectIdSchema.optional(),
  createdDateTime: DateTimeSchema.optional(),
  modificationDateTime: DateTimeSchema.optional(),
};

export const ProgramSchema = z.object({
  ...provisioned,
  objectType: z.enum(['PROGRAM']).optional(),
  programName: z.string().min(1).max(128),
  programLongName: nullable(z.string()),
  retailerName: nullable(z.string()),
  retailerLongName: nullable(z.string()),
  programType: nullable(z.string()),
  country: nullable(z.string()),
  principalSubdivision: nullable(z.string()),
  timeZoneOffset: DurationSchema.optional(),
  intervalPeriod: IntervalPeriodSchema.optional(),
  programDescriptions: nullable(z.array(z.object({ URL: z.string() }))),
  bindingEvents: nullable(z.boolean()),
  localPrice: nullable(z.boolean()),
  payloadDescriptors: nullable(z.array(z.union([EventPayloadDescriptorSchema, ReportPayloadDescriptorSchema]))),
  targets: nullable(valuesMaps()),
}).meta({ id: 'OadrProgram' });

export const EventSchema = z.object({
  ...provisioned,
  objectType: z.enum(['EVENT']).optional(),
  programID: ObjectIdSchema,
  eventName: nullable(z.string()),
  priority: nullable(z.number().int().min(0)),
  targets: nullable(valuesMaps()),
  reportDescriptors: nullable(z.array(ReportDescriptorSchema)),
  payloadDescriptors: nullable(z.array(EventPayloadDescriptorSchema)),
  intervalPeriod: IntervalPeriodSchema.optional(),
  intervals: z.array(IntervalSchema).max(OADR_LIMITS.intervals),
}).meta({ id: 'OadrEvent' });

export const ReportResourceSchema = z.object({
  resourceName: z.string().min(1).max(128).describe('The bid id (docs/openadr.md § Mapping)'),
  intervalPeriod: IntervalPeriodSchema.optional(),
  intervals: z.array(IntervalSchema).max(OADR_LIMITS.intervals),
});

export const ReportSchema = z.object({
  ...provisioned,
  objectType: z.enum(['REPORT']).optional(),
  programID: ObjectIdSchema,
  eventID: ObjectIdSchema,
  clientName: z.string().min(1).max(128),
  reportName: nullable(text()),
  payloadDescriptors: nullable(z.array(ReportPayloadDescriptorSchema).max(OADR_LIMITS.descriptors)),
  resources: z.array(ReportResourceSchema).max(OADR_LIMITS.reportResources),
}).superRefine((report, ctx) => {
  // As many readings as the plain meter API takes in one request (each is a conditional write).
  const total = report.resources.reduce((n, r) => n + r.intervals.length, 0);
  if (total > OADR_LIMITS.intervalsTotal) ctx.addIssue({ code: 'custom', path: ['resources'], message: `at most ${OADR_LIMITS.intervalsTotal} intervals in all resources (${total})` });
}).meta({ id: 'OadrReport' });

export const ObjectOperationSchema = z.object({
  objects: z.array(ObjectTypesSchema).max(ObjectTypesSchema.options.length),
  operations: z.array(z.enum(['READ', 'CREATE', 'UPDATE', 'DELETE'])).max(4),
  callbackUrl: z.string().max(OADR_LIMITS.url).url(),
  // Sent back in an Authorization header: a character a header cannot carry would make every delivery fail.
  bearerToken: nullable(text(OADR_LIMITS.bearerToken).regex(/^[\x21-\x7e]*$/, 'visible ASCII characters only (it is sent as Authorization: Bearer <token>)')),
});

export const SubscriptionSchema = z.object({
  ...provisioned,
  objectType: z.enum(['SUBSCRIPTION']).optional(),
  clientName: z.string().min(1).max(128),
  programID: ObjectIdSchema,
  objectOperations: z.array(ObjectOperationSchema).max(OADR_LIMITS.subscriptionOperations),
  targets: nullable(valuesMaps()),
}).meta({ id: 'OadrSubscription' });

export const ResourceSchema = z.object({
  ...provisioned,
  objectType: z.enum(['RESOURCE']).optional(),
  resourceName: z.string().min(1).max(128),
  venID: ObjectIdSchema.optional(),
  attributes: nullable(valuesMaps()),
  targets: nullable(valuesMaps()),
}).meta({ id: 'OadrResource' });

export const VenSchema = z.object({
  ...provisioned,
  objectType: z.enum(['VEN']).optional(),
  venName: z.string().min(1).max(128),
  attributes: nullable(valuesMaps()),
  targets: nullable(valuesMaps()),
  resources: nullable(z.array(ResourceSchema)),
}).meta({ id: 'OadrVen' });

export const NotificationSchema = z.object({
  objectType: ObjectTypesSchema,
  operation: z.enum(['GET', 'POST', 'PUT', 'DELETE']),
  object: z.union([ProgramSchema, ReportSchema, EventSchema, SubscriptionSchema, VenSchema, ResourceSchema]),
  targets: nullable(valuesMaps()),
}).meta({ id: 'OadrNotification' });

/** The spec's problem (Zalando's): every /openadr3 error but the token endpoint's 400s. */
export const OadrProblemSchema = z.object({
  type: z.string().optional(),
  title: z.string().optional(),
  status: z.number().int().min(100).max(599).optional(),
  detail: z.string().optional(),
  instance: z.string().optional(),
}).meta({ id: 'OadrProblem' });

export const ClientCredentialResponseSchema = z.object({
  access_token: z.string().min(1).max(4096),
  token_type: z.enum(['Bearer']),
  expires_in: z.number().int().optional(),
  refresh_token: z.string().min(1).max(4096).optional(),
  scope: z.string().max(4096).optional(),
}).meta({ id: 'OadrClientCredentialResponse' });

export const AuthErrorSchema = z.object({
  error: z.enum(['invalid_request', 'invalid_client', 'invalid_grant', 'invalid_scope', 'unauthorized_client', 'unsupported_grant_type']),
  error_description: z.string().optional(),
  error_uri: z.string().optional(),
}).meta({ id: 'OadrAuthError' });

export type OadrProgram = z.infer<typeof ProgramSchema>;
export type OadrEvent = z.infer<typeof EventSchema>;
export type OadrInterval = z.infer<typeof IntervalSchema>;
export type OadrReport = z.infer<typeof ReportSchema>;
export type OadrSubscription = z.infer<typeof SubscriptionSchema>;
export type OadrVen = z.infer<typeof VenSchema>;
export type OadrResource = z.infer<typeof ResourceSchema>;
export type OadrNotification = z.infer<typeof NotificationSchema>;
export type OadrValuesMap = z.infer<typeof ValuesMapSchema>;

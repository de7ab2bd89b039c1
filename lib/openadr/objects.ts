// The OpenADR 3.0.1 objects the VTN serves and accepts, field by field from the specification
// (grid-coordination/openadr3-specification, 3.0.1/openadr3.yaml § components.schemas; the
// payload, unit and reading-type enumerations from 3.1.0/enumerations). Required fields,
// `objectType` values and enumerations are the spec's; optional fields keep its nullability.
// Tests validate every VTN response and notification against these schemas (docs/openadr.md).
import { z } from 'zod';

/** objectID: URL safe VTN assigned object ID. */
export const ObjectIdSchema = z.string().min(1).max(128).regex(/^[a-zA-Z0-9_-]*$/).meta({ id: 'OadrObjectID' });
export const DateTimeSchema = z.iso.datetime({ offset: true }).describe('datetime in ISO 8601 format');
/** The spec's duration pattern (ISO 8601). */
export const DurationSchema = z.string()
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

export const PointSchema = z.object({ x: z.number(), y: z.number() }).meta({ id: 'OadrPoint' });

export const ValuesMapSchema = z.object({
  type: z.string().min(1).max(128).describe('Enumerated or private string signifying the nature of values'),
  values: z.array(z.union([z.number(), z.string(), z.boolean(), PointSchema])),
}).meta({ id: 'OadrValuesMap' });

export const IntervalPeriodSchema = z.object({
  start: DateTimeSchema,
  duration: DurationSchema.optional(),
  randomizeStart: DurationSchema.optional(),
}).meta({ id: 'OadrIntervalPeriod' });

export const IntervalSchema = z.object({
  id: z.number().int().min(-2147483648).max(2147483647).describe('The broker uses the auction interval index'),
  intervalPeriod: IntervalPeriodSchema.optional(),
  payloads: z.array(ValuesMapSchema),
}).meta({ id: 'OadrInterval' });

export const EventPayloadDescriptorSchema = z.object({
  objectType: z.enum(['EVENT_PAYLOAD_DESCRIPTOR']).optional(),
  payloadType: z.string().min(1).max(128),
  units: nullable(z.string()),
  currency: nullable(z.string()),
}).meta({ id: 'OadrEventPayloadDescriptor' });

export const ReportPayloadDescriptorSchema = z.object({
  objectType: z.enum(['REPORT_PAYLOAD_DESCRIPTOR']).optional(),
  payloadType: z.string().min(1).max(128),
  readingType: nullable(z.string()),
  units: nullable(z.string()),
  accuracy: nullable(z.number()),
  confidence: nullable(z.number().int().min(0).max(100)),
}).meta({ id: 'OadrReportPayloadDescriptor' });

export const ReportDescriptorSchema = z.object({
  payloadType: z.string().min(1).max(128),
  readingType: nullable(z.string()),
  units: nullable(z.string()),
  targets: nullable(z.array(ValuesMapSchema)),
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
  targets: nullable(z.array(ValuesMapSchema)),
}).meta({ id: 'OadrProgram' });

export const EventSchema = z.object({
  ...provisioned,
  objectType: z.enum(['EVENT']).optional(),
  programID: ObjectIdSchema,
  eventName: nullable(z.string()),
  priority: nullable(z.number().int().min(0)),
  targets: nullable(z.array(ValuesMapSchema)),
  reportDescriptors: nullable(z.array(ReportDescriptorSchema)),
  payloadDescriptors: nullable(z.array(EventPayloadDescriptorSchema)),
  intervalPeriod: IntervalPeriodSchema.optional(),
  intervals: z.array(IntervalSchema),
}).meta({ id: 'OadrEvent' });

export const ReportResourceSchema = z.object({
  resourceName: z.string().min(1).max(128).describe('The bid id (docs/openadr.md § Mapping)'),
  intervalPeriod: IntervalPeriodSchema.optional(),
  intervals: z.array(IntervalSchema),
});

export const ReportSchema = z.object({
  ...provisioned,
  objectType: z.enum(['REPORT']).optional(),
  programID: ObjectIdSchema,
  eventID: ObjectIdSchema,
  clientName: z.string().min(1).max(128),
  reportName: nullable(z.string()),
  payloadDescriptors: nullable(z.array(ReportPayloadDescriptorSchema)),
  resources: z.array(ReportResourceSchema),
}).meta({ id: 'OadrReport' });

export const ObjectOperationSchema = z.object({
  objects: z.array(ObjectTypesSchema),
  operations: z.array(z.enum(['READ', 'CREATE', 'UPDATE', 'DELETE'])),
  callbackUrl: z.string().url(),
  bearerToken: nullable(z.string()),
});

export const SubscriptionSchema = z.object({
  ...provisioned,
  objectType: z.enum(['SUBSCRIPTION']).optional(),
  clientName: z.string().min(1).max(128),
  programID: ObjectIdSchema,
  objectOperations: z.array(ObjectOperationSchema),
  targets: nullable(z.array(ValuesMapSchema)),
}).meta({ id: 'OadrSubscription' });

export const ResourceSchema = z.object({
  ...provisioned,
  objectType: z.enum(['RESOURCE']).optional(),
  resourceName: z.string().min(1).max(128),
  venID: ObjectIdSchema.optional(),
  attributes: nullable(z.array(ValuesMapSchema)),
  targets: nullable(z.array(ValuesMapSchema)),
}).meta({ id: 'OadrResource' });

export const VenSchema = z.object({
  ...provisioned,
  objectType: z.enum(['VEN']).optional(),
  venName: z.string().min(1).max(128),
  attributes: nullable(z.array(ValuesMapSchema)),
  targets: nullable(z.array(ValuesMapSchema)),
  resources: nullable(z.array(ResourceSchema)),
}).meta({ id: 'OadrVen' });

export const NotificationSchema = z.object({
  objectType: ObjectTypesSchema,
  operation: z.enum(['GET', 'POST', 'PUT', 'DELETE']),
  object: z.union([ProgramSchema, ReportSchema, EventSchema, SubscriptionSchema, VenSchema, ResourceSchema]),
  targets: nullable(z.array(ValuesMapSchema)),
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

// POST /v1/keys (SPEC §4): API keys with a role, a bidder id and, for bidders, the classes they bid for.
import { z } from 'zod';
import { BidClassSchema } from '../book';

export const BidderIdSchema = z.string().min(1).max(64).regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, dot, underscore or hyphen');
export const RoleSchema = z.enum(['operator', 'bidder']).meta({ id: 'Role' });

const classes = z.array(BidClassSchema).min(1).max(2)
  .refine((list) => new Set(list).size === list.length, 'classes must not repeat');

/** Latest accepted expiry; "in the future" is checked against the broker's clock (422). */
export const MAX_KEY_EXPIRY = '2100-01-01T00:00:00.000Z';
const expiresAt = z.iso.datetime({ offset: true })
  .refine((at) => Date.parse(at) <= Date.parse(MAX_KEY_EXPIRY), `must be before ${MAX_KEY_EXPIRY}`)
  .optional().describe('When the key stops working (ISO instant in the future, before 2100); never when absent');

export const CreateKeyRequestSchema = z.discriminatedUnion('role', [
  z.strictObject({ role: z.literal('bidder'), bidderId: BidderIdSchema, classes, expiresAt }),
  z.strictObject({ role: z.literal('operator'), bidderId: BidderIdSchema.optional(), expiresAt }),
]).meta({ id: 'CreateKeyRequest' });

export const KeyIdSchema = z.string().min(1).max(64).regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, dot, underscore or hyphen');
export const KeyParamsSchema = z.strictObject({ keyId: KeyIdSchema });

/** What a key grants; the key itself is stored only as its SHA-256 hash. */
export const PrincipalSchema = z.strictObject({
  keyId: z.string().describe('Public identifier of the key (not the secret)'),
  role: RoleSchema,
  bidderId: BidderIdSchema,
  classes: z.array(BidClassSchema),
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime().optional().describe('When the key stops working; never when absent'),
}).meta({ id: 'Principal' });

export const CreatedKeySchema = PrincipalSchema.extend({
  key: z.string().describe('The secret: shown once, never again'),
}).meta({ id: 'CreatedKey' });

/** Longest grace a rotation may give the secret it replaces (SPEC §4: ≤ 24 h). */
export const MAX_ROTATION_GRACE_SECONDS = 24 * 3600;

export const RotateKeyRequestSchema = z.strictObject({
  gracePeriodSeconds: z.number().int().min(0).max(MAX_ROTATION_GRACE_SECONDS).default(0)
    .describe('How long the replaced secret keeps working, in seconds (0..86400; 0, the default, refuses it at once)'),
}).meta({ id: 'RotateKeyRequest' });

/** What a key's use and rotation history says (never a secret). */
const keyUse = {
  lastUsedAt: z.iso.datetime().optional().describe('Last successful authentication, to the minute (updated at most once a minute); absent when never used'),
  rotatedAt: z.iso.datetime().optional().describe('When the secret was last replaced (POST /v1/keys/{keyId}/rotate)'),
};

export const RotatedKeySchema = CreatedKeySchema.extend({
  rotatedAt: z.iso.datetime(),
  previousKeyValidUntil: z.iso.datetime().describe('The replaced secret works until then (= rotatedAt with no grace), and is refused after'),
}).meta({ id: 'RotatedKey' });

/** GET /v1/me: what the presented key grants, its use, and — for a replaced secret still in its
 * grace period — when that secret stops working. */
export const MeSchema = PrincipalSchema.extend({
  ...keyUse,
  secretValidUntil: z.iso.datetime().optional().describe('Present when the presented secret was replaced by a rotation: it is refused from then on'),
}).meta({ id: 'Me' });

/** A key as GET /v1/keys lists it: never the secret, never its hash. `status` is derived at
 * read time: revoked (DELETE /v1/keys/{keyId}) wins over expired (expiresAt ≤ now). */
export const KeySummarySchema = PrincipalSchema.extend({
  ...keyUse,
  revokedAt: z.iso.datetime().optional(),
  status: z.enum(['active', 'revoked', 'expired']),
}).meta({ id: 'KeySummary' });

export const KeyPageSchema = z.strictObject({
  items: z.array(KeySummarySchema),
  nextCursor: z.string().optional(),
}).meta({ id: 'KeyPage' });

export type CreateKeyRequest = z.infer<typeof CreateKeyRequestSchema>;
export type Principal = z.infer<typeof PrincipalSchema>;
export type Role = z.infer<typeof RoleSchema>;
export type CreatedKey = z.infer<typeof CreatedKeySchema>;
export type KeySummary = z.infer<typeof KeySummarySchema>;
export type KeyPage = z.infer<typeof KeyPageSchema>;
export type RotateKeyRequest = z.infer<typeof RotateKeyRequestSchema>;
export type RotatedKey = z.infer<typeof RotatedKeySchema>;
export type Me = z.infer<typeof MeSchema>;

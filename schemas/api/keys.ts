// POST /v1/keys (SPEC §4): API keys with a role, a bidder id and, for bidders, the classes they bid for.
import { z } from 'zod';
import { BidClassSchema } from '../book';

export const BidderIdSchema = z.string().min(1).max(64).regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, dot, underscore or hyphen');
export const RoleSchema = z.enum(['operator', 'bidder']).meta({ id: 'Role' });

const classes = z.array(BidClassSchema).min(1).max(2)
  .refine((list) => new Set(list).size === list.length, 'classes must not repeat');

export const CreateKeyRequestSchema = z.discriminatedUnion('role', [
  z.strictObject({ role: z.literal('bidder'), bidderId: BidderIdSchema, classes }),
  z.strictObject({ role: z.literal('operator'), bidderId: BidderIdSchema.optional() }),
]).meta({ id: 'CreateKeyRequest' });

/** What a key grants; the key itself is stored only as its SHA-256 hash. */
export const PrincipalSchema = z.strictObject({
  keyId: z.string().describe('Public identifier of the key (not the secret)'),
  role: RoleSchema,
  bidderId: BidderIdSchema,
  classes: z.array(BidClassSchema),
  createdAt: z.iso.datetime(),
}).meta({ id: 'Principal' });

export const CreatedKeySchema = PrincipalSchema.extend({
  key: z.string().describe('The secret: shown once, never again'),
}).meta({ id: 'CreatedKey' });

export type CreateKeyRequest = z.infer<typeof CreateKeyRequestSchema>;
export type Principal = z.infer<typeof PrincipalSchema>;
export type Role = z.infer<typeof RoleSchema>;
export type CreatedKey = z.infer<typeof CreatedKeySchema>;

import { z } from 'zod';
import { DateOnlySchema, IdSchema, InstantSchema, PageQuerySchema, optionalText } from './common.schema';

const CustomFieldValue = z.union([z.string().max(2000), z.number(), z.boolean(), z.null()]);

const personFields = {
  name: optionalText(200),
  email: z.email().max(254).nullable().optional(),
  phone: z
    .string()
    .trim()
    .regex(/^\+?[0-9 ()-]{5,20}$/, 'Phone numbers use digits, spaces, ( ) and -, optionally starting with +.')
    .nullable()
    .optional(),
  birthDate: DateOnlySchema.nullable().optional(),
  deceased: z.boolean().optional(),
  guardianName: optionalText(200),
  guardianEmail: z.email().max(254).nullable().optional(),
  guardianPhone: z
    .string()
    .trim()
    .regex(/^\+?[0-9 ()-]{5,20}$/)
    .nullable()
    .optional(),
  notes: optionalText(5000),
  customFields: z.record(z.string().max(60), CustomFieldValue).optional(),
};

export const PersonCreateSchema = z.strictObject(personFields).meta({ id: 'PersonCreate' });
export type PersonCreate = z.infer<typeof PersonCreateSchema>;
export const PersonUpdateSchema = z.strictObject(personFields).meta({ id: 'PersonUpdate' });
export type PersonUpdate = z.infer<typeof PersonUpdateSchema>;

export const PERSON_CONSENT_STATES = ['valid', 'expiring', 'missing', 'expired', 'withdrawn', 'deceased'] as const;
export type PersonConsentState = (typeof PERSON_CONSENT_STATES)[number];

export const PersonSchema = z
  .object({
    id: IdSchema,
    ref: z.number().int().meta({ description: 'Per-organisation number; the pseudonymous ID.' }),
    displayName: z.string().meta({ description: 'The name, or the pseudonymous ID (e.g. "P-0042").' }),
    name: z.string().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    birthDate: DateOnlySchema.nullable(),
    minor: z.boolean(),
    deceased: z.boolean(),
    guardianName: z.string().nullable(),
    guardianEmail: z.string().nullable(),
    guardianPhone: z.string().nullable(),
    notes: z.string().nullable(),
    customFields: z.record(z.string(), CustomFieldValue).meta({ description: 'Only the fields your role may see.' }),
    consentState: z.enum(PERSON_CONSENT_STATES).meta({
      description:
        'Where consent stands now on their best channel, by the status rules: valid, expiring within the lead ' +
        'time, missing, expired, withdrawn, or deceased (outside the GDPR: their files need no consent).',
    }),
    createdAt: InstantSchema,
    updatedAt: InstantSchema,
  })
  .meta({ id: 'Person' });
export type PersonDto = z.infer<typeof PersonSchema>;

export const PERSON_FILTERS = ['missing_consent', 'expiring', 'minors', 'withdrawn'] as const;
export type PersonFilterName = (typeof PERSON_FILTERS)[number];

export const PersonListQuerySchema = PageQuerySchema.extend({
  q: z.string().trim().max(200).optional().meta({ description: 'Search in name, email, phone and ID.' }),
  filter: z
    .enum(PERSON_FILTERS)
    .optional()
    .meta({
      description:
        'missing_consent: living persons with no consent now (for minors, only a guardian\'s counts). ' +
        'expiring: consent holds now and its continuous span (renewals included) ends within `days`.',
    }),
  days: z.coerce.number().int().min(0).max(3650).optional().meta({
    description: 'For filter=expiring: the horizon in days (default: the warning lead time).',
  }),
});
export type PersonListQuery = z.infer<typeof PersonListQuerySchema>;

export const PersonCountsSchema = z
  .object({
    total: z.number().int().min(0).meta({ description: 'Persons in the register.' }),
    filters: z
      .object(Object.fromEntries(PERSON_FILTERS.map((f) => [f, z.number().int().min(0)])) as Record<PersonFilterName, z.ZodNumber>)
      .meta({ description: 'How many persons each filter of GET /persons finds now (expiring: within the warning lead time).' }),
  })
  .meta({ id: 'PersonCounts' });
export type PersonCounts = z.infer<typeof PersonCountsSchema>;

export const PersonIdSchema = IdSchema;

import { z } from 'zod';
import { RoleSchema, UnapprovedPolicySchema } from '../domain/enums';
import { ChannelSchema } from './common.schema';
import { RoleRefSchema } from './role.schema';

export const CustomFieldDefinitionSchema = z
  .strictObject({
    key: z.string().regex(/^[a-z][a-zA-Z0-9_]{0,59}$/, 'Keys start with a lower-case letter: letters, digits and _.'),
    label: z.string().trim().min(1).max(100),
    type: z.enum(['text', 'number', 'boolean']),
    visibleTo: z
      .array(RoleRefSchema)
      .min(1)
      .max(50)
      .meta({ description: 'Roles that may see and edit the field (they also need the permission persons:fields). API keys with that scope see every field.' }),
  })
  .meta({ id: 'CustomFieldDefinition' });
export type CustomFieldDefinition = z.infer<typeof CustomFieldDefinitionSchema>;

export const SettingsSchema = z
  .object({
    organisationName: z.string(),
    warningLeadDays: z.number().int(),
    channels: z.array(z.string()),
    unapprovedPolicy: UnapprovedPolicySchema,
    hideUnhandled: z.boolean().meta({ description: 'Files with no GDPR handling are hidden from integrations.' }),
    pseudonymousIds: z.boolean().meta({ description: 'Persons get generated IDs instead of names.' }),
    deliveryChannels: z.array(z.string()).meta({
      description: 'Channels whose approved images are served at public delivery URLs (/d/{publicId}/{channel}/{width}.webp) for hosts without a plugin; empty: off.',
    }),
    downloadNeedsUsage: z.boolean().meta({
      description: 'Before downloading an original from the dashboard, the user says where it will be used (channel and a note): POST /assets/{id}/download records it as a usage.',
    }),
    faceMatching: z.boolean(),
    faceMatchThreshold: z.number().meta({ description: 'Face matching: the similarity (cosine, 0..1) a suggestion needs.' }),
    faceMinSizePx: z.number().int().meta({ description: 'Face matching: smaller faces (shorter side, px) are stored but never suggested.' }),
    faceMinScore: z.number().meta({ description: 'Face matching: detections below this confidence are stored but never suggested.' }),
    faceMatchMinors: z.boolean().meta({ description: 'Face matching: also suggest persons under the adult age (off by default).' }),
    adultAge: z.number().int(),
    customFields: z.array(CustomFieldDefinitionSchema),
    warningRecipients: z.array(RoleSchema).meta({ description: 'Roles notified (dashboard and email) when agreements near their end.' }),
    accessibilityEmail: z.string().nullable().meta({ description: 'Accessibility statement: the email address for reporting accessibility problems.' }),
    accessibilityUrl: z.string().nullable().meta({ description: 'Accessibility statement: a web page or form for reporting accessibility problems.' }),
  })
  .meta({ id: 'Settings' });
export type SettingsDto = z.infer<typeof SettingsSchema>;

export const SettingsUpdateSchema = z
  .strictObject({
    organisationName: z.string().trim().min(1).max(200).optional(),
    warningLeadDays: z.number().int().min(0).max(365).optional(),
    channels: z
      .array(ChannelSchema)
      .min(1)
      .max(50)
      .refine((c) => new Set(c).size === c.length, 'Channels must be unique.')
      .optional(),
    unapprovedPolicy: UnapprovedPolicySchema.optional(),
    hideUnhandled: z.boolean().optional(),
    pseudonymousIds: z.boolean().optional(),
    deliveryChannels: z
      .array(ChannelSchema)
      .max(50)
      .refine((c) => new Set(c).size === c.length, 'Channels must be unique.')
      .optional(),
    downloadNeedsUsage: z.boolean().optional(),
    faceMatching: z.boolean().optional(),
    confirmEraseFaceData: z.literal(true).optional().meta({
      description: 'Required with faceMatching: false while face data exists: switching off erases every face embedding (409 face_data_erase_unconfirmed otherwise).',
    }),
    indexExistingFiles: z.literal(true).optional().meta({
      description: 'With faceMatching: true: index every image already in the bank at once, as a re-indexing run with progress (GET /faces/reindex).',
    }),
    faceMatchThreshold: z.number().min(0.3).max(0.99).optional(),
    faceMinSizePx: z.number().int().min(0).max(4000).optional(),
    faceMinScore: z.number().min(0).max(1).optional(),
    faceMatchMinors: z.boolean().optional(),
    adultAge: z.number().int().min(13).max(21).optional(),
    customFields: z
      .array(CustomFieldDefinitionSchema)
      .max(50)
      .refine((f) => new Set(f.map((d) => d.key)).size === f.length, 'Custom field keys must be unique.')
      .optional(),
    warningRecipients: z.array(RoleSchema).max(4).optional(),
    // null clears the contact; the statement then falls back to the organisation's name alone.
    accessibilityEmail: z.email().max(254).nullable().optional(),
    accessibilityUrl: z
      .url({ protocol: /^https?$/ })
      .max(500)
      .nullable()
      .optional(),
  })
  .meta({ id: 'SettingsUpdate' });
export type SettingsUpdate = z.infer<typeof SettingsUpdateSchema>;

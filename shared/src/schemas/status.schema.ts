import { z } from 'zod';
import { GdprStatusSchema } from '../domain/enums';
import { ChannelSchema, IdSchema, InstantSchema } from './common.schema';

export const REASON_CODES = [
  'basis_missing',
  'basis_outside_gdpr',
  'basis_without_consent',
  'basis_expired',
  'no_persons',
  'unknown_box',
  'consent_valid',
  'consent_missing',
  'consent_expired',
  'consent_withdrawn',
  'consent_not_yet_valid',
  'guardian_required',
  'person_deceased',
  'expiring_soon',
  'asset_unknown',
] as const;

export const StatusReasonSchema = z
  .object({
    code: z.enum(REASON_CODES),
    personId: IdSchema.optional(),
    agreementId: IdSchema.optional(),
    boxId: IdSchema.optional(),
    until: InstantSchema.nullable().optional(),
  })
  .meta({ id: 'StatusReason' });
export type StatusReasonDto = z.infer<typeof StatusReasonSchema>;

export const ChannelStatusSchema = z
  .object({
    channel: z.string(),
    status: GdprStatusSchema,
    approved: z.boolean(),
    approvedUntil: InstantSchema.nullable().meta({
      description: 'The lease: when approved, the earliest end of what the approval relies on. null = no end.',
    }),
    reasons: z.array(StatusReasonSchema),
  })
  .meta({ id: 'ChannelStatus' });
export type ChannelStatusDto = z.infer<typeof ChannelStatusSchema>;

export const MAX_BATCH_IDS = 500;

export const StatusBatchRequestSchema = z
  .strictObject({
    channel: ChannelSchema,
    assetIds: z.array(z.string().min(1).max(100)).min(1).max(MAX_BATCH_IDS),
  })
  .meta({ id: 'StatusBatchRequest' });
export type StatusBatchRequest = z.infer<typeof StatusBatchRequestSchema>;

export const BatchStatusItemSchema = z
  .object({
    assetId: z.string(),
    status: z.union([GdprStatusSchema, z.literal('unknown')]),
    approved: z.boolean(),
    visible: z.boolean().meta({
      description:
        'Whether a host may show the file under the organisation\'s policy: approved files, plus unhandled ones when they are ' +
        'not hidden, plus files missing persons or consent when the policy is "warn". Withdrawn, expired and unknown: never.',
    }),
    approvedUntil: InstantSchema.nullable(),
    reasons: z.array(StatusReasonSchema),
  })
  .meta({ id: 'BatchStatusItem' });
export type BatchStatusItemDto = z.infer<typeof BatchStatusItemSchema>;

export const StatusBatchResponseSchema = z
  .object({
    channel: z.string(),
    evaluatedAt: InstantSchema,
    items: z.array(BatchStatusItemSchema),
  })
  .meta({ id: 'StatusBatchResponse' });
export type StatusBatchResponse = z.infer<typeof StatusBatchResponseSchema>;

import { z } from 'zod';
import { AgreementKindSchema, SignerSchema } from '../domain/enums';
import { ChannelSchema, IdSchema, InstantSchema, optionalText } from './common.schema';

const agreementFields = {
  kind: AgreementKindSchema,
  channels: z.array(ChannelSchema).min(1).max(50),
  validFrom: InstantSchema,
  validUntil: InstantSchema.nullable().meta({ description: 'Exclusive end; null means open-ended.' }),
  signedBy: SignerSchema.default('subject'),
  guardianName: optionalText(200),
  notes: optionalText(5000),
};

function endAfterStart(v: { validFrom?: string; validUntil?: string | null }, ctx: z.RefinementCtx) {
  if (v.validFrom && v.validUntil && Date.parse(v.validUntil) <= Date.parse(v.validFrom)) {
    ctx.addIssue({ code: 'custom', path: ['validUntil'], message: 'validUntil must be after validFrom.' });
  }
}

function guardianNamed(v: { signedBy?: string; guardianName?: string | null }, ctx: z.RefinementCtx) {
  if (v.signedBy === 'guardian' && !v.guardianName) {
    ctx.addIssue({ code: 'custom', path: ['guardianName'], message: 'Name the guardian who signed.' });
  }
}

export const AgreementCreateSchema = z
  .strictObject(agreementFields)
  .superRefine(endAfterStart)
  .superRefine(guardianNamed)
  .meta({ id: 'AgreementCreate' });
export type AgreementCreate = z.infer<typeof AgreementCreateSchema>;

export const AgreementUpdateSchema = z
  .strictObject({
    kind: AgreementKindSchema.optional(),
    channels: agreementFields.channels.optional(),
    validFrom: InstantSchema.optional(),
    validUntil: agreementFields.validUntil.optional(),
    signedBy: SignerSchema.optional(),
    guardianName: agreementFields.guardianName,
    notes: agreementFields.notes,
  })
  .superRefine(endAfterStart)
  .meta({ id: 'AgreementUpdate' });
export type AgreementUpdate = z.infer<typeof AgreementUpdateSchema>;

export const AgreementWithdrawSchema = z
  .strictObject({
    reason: optionalText(2000),
    at: InstantSchema.optional().meta({ description: 'When the withdrawal takes effect; default now. Cannot be in the past.' }),
  })
  .meta({ id: 'AgreementWithdraw' });
export type AgreementWithdraw = z.infer<typeof AgreementWithdrawSchema>;

export const AgreementDocumentSchema = z
  .object({
    id: IdSchema,
    agreementId: IdSchema,
    fileName: z.string(),
    contentType: z.string(),
    size: z.number().int(),
    sha256: z.string(),
    createdAt: InstantSchema,
  })
  .meta({ id: 'AgreementDocument' });
export type AgreementDocumentDto = z.infer<typeof AgreementDocumentSchema>;

export const AgreementSchema = z
  .object({
    id: IdSchema,
    personId: IdSchema,
    kind: AgreementKindSchema,
    channels: z.array(z.string()),
    validFrom: InstantSchema,
    validUntil: InstantSchema.nullable(),
    signedBy: SignerSchema,
    guardianName: z.string().nullable(),
    notes: z.string().nullable(),
    withdrawnAt: InstantSchema.nullable(),
    withdrawalReason: z.string().nullable(),
    state: z.enum(['valid', 'expiring', 'not_yet_valid', 'expired', 'withdrawn']),
    documents: z.array(AgreementDocumentSchema),
    sealed: z.boolean().meta({
      description: 'Signed digitally or carrying sealed evidence: kind, channels, dates and signer cannot be changed (409 agreement_sealed); only withdrawal.',
    }),
    createdAt: InstantSchema,
    updatedAt: InstantSchema,
  })
  .meta({ id: 'Agreement' });
export type AgreementDto = z.infer<typeof AgreementSchema>;

export const AgreementListSchema = z.object({ items: z.array(AgreementSchema) }).meta({ id: 'AgreementList' });

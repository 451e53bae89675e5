import { z } from 'zod';
import { GdprStatusSchema } from '../domain/enums';
import { LoginSchema, MeSchema } from '../schemas/auth.schema';
import { ChannelSchema, IdSchema, IdParamsSchema, InstantSchema } from '../schemas/common.schema';
import { StatusReasonSchema } from '../schemas/status.schema';
import { defineOperation } from './operation';

/*
 * Office documents: the Word/PowerPoint add-in's sign-in, content lookup of untagged images, and the server-side
 * check of an uploaded .docx/.pptx (which also serves documents made without the add-in).
 */

const Sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'A SHA-256 is 64 lower-case hex digits.');
const PerceptualHashSchema = z.string().regex(/^[0-9a-f]{16}$/, 'A perceptual hash is 16 lower-case hex digits (64 bits).');

export const OfficeSessionSchema = z
  .object({
    token: z.string().meta({ description: 'Send as `Authorization: Bearer <token>` (REST) or as `apiKey` in the socket handshake.' }),
    expiresAt: InstantSchema,
    me: MeSchema,
  })
  .meta({ id: 'OfficeSession' });
export type OfficeSessionDto = z.infer<typeof OfficeSessionSchema>;

export const MAX_LOOKUP_IMAGES = 500;

export const ContentLookupRequestSchema = z
  .strictObject({
    images: z
      .array(
        z.strictObject({
          key: z.string().min(1).max(100).meta({ description: 'The caller\'s name for the image; echoed back.' }),
          sha256: Sha256Schema,
          phash: PerceptualHashSchema.optional().meta({ description: 'DCT perceptual hash of the image scaled to 32×32 grey.' }),
        }),
      )
      .min(1)
      .max(MAX_LOOKUP_IMAGES),
  })
  .meta({ id: 'ContentLookupRequest' });
export type ContentLookupRequest = z.infer<typeof ContentLookupRequestSchema>;

export const ContentMatchSchema = z.enum(['sha256', 'perceptual']).meta({ id: 'ContentMatch' });

export const ContentLookupResultSchema = z
  .object({
    items: z.array(
      z.object({
        key: z.string(),
        assetId: IdSchema.nullable().meta({ description: 'null: not from the image bank.' }),
        match: ContentMatchSchema.nullable(),
        distance: z.number().int().nullable().meta({ description: 'Differing bits of the perceptual hash (0–64) for a perceptual match.' }),
      }),
    ),
  })
  .meta({ id: 'ContentLookupResult' });
export type ContentLookupResultDto = z.infer<typeof ContentLookupResultSchema>;

export const DocumentLimitsSchema = z
  .object({
    maxBytes: z.number().int(),
    maxEntries: z.number().int(),
    maxImages: z.number().int(),
    maxUncompressedBytes: z.number().int(),
    maxCompressionRatio: z.number(),
  })
  .meta({ id: 'DocumentLimits' });
export type DocumentLimitsDto = z.infer<typeof DocumentLimitsSchema>;

export const DocumentImageLocationSchema = z
  .object({
    kind: z.enum(['slide', 'page', 'header', 'footer', 'layout', 'master', 'notes', 'other']),
    number: z.number().int().nullable().meta({ description: 'Slide number; null where the file has no fixed page.' }),
  })
  .meta({ id: 'DocumentImageLocation' });

export const CheckedImageSchema = z
  .object({
    part: z.string().meta({ description: 'The image\'s path inside the package, e.g. `ppt/media/image3.jpeg`.' }),
    contentType: z.string(),
    size: z.number().int(),
    sha256: Sha256Schema,
    phash: PerceptualHashSchema.nullable().meta({ description: 'null when the image could not be decoded (e.g. EMF/WMF).' }),
    locations: z.array(DocumentImageLocationSchema),
    assetId: IdSchema.nullable(),
    match: z.enum(['tag', 'sha256', 'perceptual']).nullable().meta({ description: 'How the asset was found: the add-in\'s tag, the exact bytes or the perceptual hash.' }),
    title: z.string().nullable(),
    status: z.union([GdprStatusSchema, z.literal('unknown'), z.literal('foreign')]).meta({ description: '`foreign`: not from the image bank.' }),
    approved: z.boolean(),
    approvedUntil: InstantSchema.nullable(),
    reasons: z.array(StatusReasonSchema),
  })
  .meta({ id: 'CheckedImage' });
export type CheckedImageDto = z.infer<typeof CheckedImageSchema>;

export const DocumentCheckReportSchema = z
  .object({
    fileName: z.string(),
    format: z.enum(['docx', 'pptx']),
    channel: z.string(),
    evaluatedAt: InstantSchema,
    images: z.array(CheckedImageSchema),
    summary: z.object({
      images: z.number().int(),
      approved: z.number().int(),
      notApproved: z.number().int(),
      expiringSoon: z.number().int(),
      foreign: z.number().int(),
    }),
  })
  .meta({ id: 'DocumentCheckReport' });
export type DocumentCheckReportDto = z.infer<typeof DocumentCheckReportSchema>;

export const DocumentCheckQuerySchema = z.strictObject({ channel: ChannelSchema.default('office') });
export const DocumentUploadSchema = z
  .object({ file: z.string().meta({ format: 'binary', description: 'A .docx or .pptx file.' }) })
  .meta({ id: 'OfficeDocumentUpload' });
export const InsertableImageQuerySchema = z.strictObject({
  channel: ChannelSchema.default('office'),
  maxWidth: z.coerce.number().int().min(64).max(4000).default(1600),
});

export const documentContract = {
  createOfficeSession: defineOperation({
    operationId: 'createOfficeSession',
    method: 'post',
    path: '/office/sessions',
    tag: 'Office',
    summary: 'Sign in from the Word/PowerPoint add-in\'s dialog; answers a session token for the task pane.',
    description:
      'The token is a session like the dashboard\'s cookie: it expires after SESSION_TTL_HOURS, ends at logout, and is ' +
      'refused at once when the user is disabled. The dialog hands it to the task pane with `messageParent`.',
    permission: null,
    body: LoginSchema,
    response: OfficeSessionSchema,
    successStatus: 201,
  }),
  lookupContent: defineOperation({
    operationId: 'lookupImageContent',
    method: 'post',
    path: '/office/images/lookup',
    tag: 'Office',
    summary: 'Which bank assets are these images? By SHA-256, else by perceptual hash (a resized or re-encoded copy still matches).',
    permission: 'assets:read',
    body: ContentLookupRequestSchema,
    response: ContentLookupResultSchema,
  }),
  limits: defineOperation({
    operationId: 'getDocumentCheckLimits',
    method: 'get',
    path: '/office/documents/limits',
    tag: 'Office',
    summary: 'The limits of the document check: file size, entries, images, uncompressed size and compression ratio.',
    permission: 'assets:read',
    response: DocumentLimitsSchema,
  }),
  check: defineOperation({
    operationId: 'checkDocument',
    method: 'post',
    path: '/office/documents/check',
    tag: 'Office',
    summary: 'Upload a .docx or .pptx: every image it contains, with its asset and GDPR status in the channel. Nothing is stored.',
    description:
      'Refused with 413 (too large) or 422 (not a zip, encrypted, a zip bomb, too many images) with the limits in `details`.',
    permission: 'assets:read',
    query: DocumentCheckQuerySchema,
    body: DocumentUploadSchema,
    bodyType: 'multipart',
    response: DocumentCheckReportSchema,
  }),
  insertableImage: defineOperation({
    operationId: 'getInsertableImage',
    method: 'get',
    path: '/office/assets/:id/image',
    tag: 'Office',
    summary: 'An approved asset as a JPEG (or PNG with transparency) sized for a document, for the add-in to insert.',
    permission: 'assets:read',
    params: IdParamsSchema,
    query: InsertableImageQuerySchema,
    response: z.string().meta({ format: 'binary' }),
    responseType: 'binary',
  }),
};

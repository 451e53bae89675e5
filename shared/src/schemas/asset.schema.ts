import { z } from 'zod';
import { GDPR_STATUSES, GdprStatusSchema, LegalBasisSchema, type GdprStatus } from '../domain/enums';
import { IdSchema, InstantSchema, PageQuerySchema, optionalText } from './common.schema';
import { ChannelStatusSchema } from './status.schema';

const unit = z.number().min(0).max(1);

export const BoxInputSchema = z
  .strictObject({
    x: unit,
    y: unit,
    w: z.number().gt(0).max(1),
    h: z.number().gt(0).max(1),
    personId: IdSchema.nullable().default(null).meta({ description: 'null marks an unknown person.' }),
  })
  .refine((b) => b.x + b.w <= 1.000001 && b.y + b.h <= 1.000001, { message: 'The box must lie inside the image.' })
  .meta({ id: 'BoxInput', description: 'A box in normalised coordinates (0..1, origin top-left).' });
export type BoxInput = z.infer<typeof BoxInputSchema>;

export const BoxUpdateSchema = z
  .strictObject({
    x: unit.optional(),
    y: unit.optional(),
    w: z.number().gt(0).max(1).optional(),
    h: z.number().gt(0).max(1).optional(),
    personId: IdSchema.nullable().optional(),
  })
  .meta({ id: 'BoxUpdate' });
export type BoxUpdate = z.infer<typeof BoxUpdateSchema>;

export const BoxSchema = z
  .object({
    id: IdSchema,
    assetId: IdSchema,
    personId: IdSchema.nullable(),
    personName: z.string().nullable(),
    x: z.number(),
    y: z.number(),
    w: z.number(),
    h: z.number(),
    source: z.enum(['manual', 'detected']),
    startMs: z.number().int().nullable().meta({ description: 'Videos: when the face is first on screen (a face track); null in photos and for boxes drawn by hand.' }),
    endMs: z.number().int().nullable().meta({ description: 'Videos: when the face is last seen.' }),
    frameMs: z.number().int().nullable().meta({ description: 'Videos: the frame where the face is clearest; GET /assets/{id}/frames/{ms} shows it, with the box on it.' }),
  })
  .meta({ id: 'Box' });
export type BoxDto = z.infer<typeof BoxSchema>;

export const BasisUpdateSchema = z
  .strictObject({
    basis: LegalBasisSchema.nullable().meta({ description: 'null clears the basis (the file becomes unhandled).' }),
    note: optionalText(2000),
    validUntil: InstantSchema.nullable().optional().meta({
      description: 'For contract or external licence: when the right to use the file ends.',
    }),
    overrideWithdrawal: z
      .strictObject({ reason: z.string().trim().min(3).max(2000) })
      .optional()
      .meta({ description: 'Confirms a basis other than consent although a tagged person has withdrawn; the reason goes to the audit log.' }),
  })
  .meta({ id: 'BasisUpdate' });
export type BasisUpdate = z.infer<typeof BasisUpdateSchema>;

export const AssetUpdateSchema = z.strictObject({ title: optionalText(300) }).meta({ id: 'AssetUpdate' });
export type AssetUpdate = z.infer<typeof AssetUpdateSchema>;

export const AssetSchema = z
  .object({
    id: IdSchema,
    kind: z.enum(['image', 'video']),
    title: z.string().nullable(),
    originalName: z.string(),
    contentType: z.string(),
    size: z.number().int(),
    sha256: z.string(),
    publicId: z.string().nullable().meta({ description: 'The unguessable id of its public delivery URLs (deliveryUrl() in the SDK builds them).' }),
    width: z.number().int().nullable(),
    height: z.number().int().nullable(),
    durationMs: z.number().int().nullable().meta({ description: 'Videos: the length in milliseconds; null for images.' }),
    codec: z.string().nullable().meta({ description: 'Videos: the codec of the picture (e.g. h264, hevc, vp9); null for images.' }),
    takenAt: InstantSchema.nullable(),
    basis: LegalBasisSchema.nullable(),
    basisNote: z.string().nullable(),
    basisValidUntil: InstantSchema.nullable(),
    hasThumbnail: z.boolean(),
    boxes: z.array(BoxSchema),
    statuses: z.array(ChannelStatusSchema).meta({ description: 'GDPR status for each of the organisation\'s channels, now.' }),
    createdAt: InstantSchema,
    updatedAt: InstantSchema,
  })
  .meta({ id: 'Asset' });
export type AssetDto = z.infer<typeof AssetSchema>;

export const AssetUploadedSchema = AssetSchema.extend({
  duplicate: z.boolean().meta({ description: 'true when the same file (by sha256) already existed; the existing asset is returned.' }),
}).meta({ id: 'AssetUploaded' });
export type AssetUploadedDto = z.infer<typeof AssetUploadedSchema>;

export const AssetListQuerySchema = PageQuerySchema.extend({
  q: z.string().trim().max(200).optional().meta({ description: 'Search in title and file name.' }),
  basis: z.union([LegalBasisSchema, z.literal('none')]).optional(),
  personId: IdSchema.optional(),
  status: GdprStatusSchema.optional().meta({ description: 'Filter by status in `channel` (required with status).' }),
  channel: z.string().max(40).optional(),
  sha256: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, 'A SHA-256 is 64 hexadecimal characters.')
    .transform((h) => h.toLowerCase())
    .optional()
    .meta({ description: "The file with exactly these bytes (the original's SHA-256, hex): how a host links a copy it already has." }),
});
export type AssetListQuery = z.infer<typeof AssetListQuerySchema>;

export const AssetUploadFormSchema = z
  .object({
    file: z.string().meta({ format: 'binary', description: 'The image or video.' }),
    title: z.string().max(300).optional(),
  })
  .meta({ id: 'AssetUploadForm' });

export const DocumentUploadFormSchema = z
  .object({ file: z.string().meta({ format: 'binary', description: 'PDF, image or audio recording.' }) })
  .meta({ id: 'DocumentUploadForm' });

export const VideoFrameParamsSchema = z.strictObject({
  id: IdSchema,
  ms: z.coerce.number().int().min(0).max(24 * 3_600_000).meta({ description: 'The time in the video, in milliseconds (a box\'s frameMs).' }),
});

export const FileVariantParamsSchema = z.strictObject({
  id: IdSchema,
  variant: z.enum(['original', 'preview', 'thumbnail', 'clip']).meta({
    description: 'preview and thumbnail are WebP (for a video, of its poster frame); clip is a short silent MP4 of a video\'s first seconds.',
  }),
});

/** Every status with its number of files, zero included, so a client never has to guess a missing key. */
/** One count per status, every status present (an object, so OpenAPI lists each one). */
export const StatusCountsSchema = z
  .object(Object.fromEntries(GDPR_STATUSES.map((s) => [s, z.number().int().min(0)])) as Record<GdprStatus, z.ZodNumber>)
  .meta({ id: 'StatusCounts' });

export const AssetCountsSchema = z
  .object({
    total: z.number().int().min(0).meta({ description: 'Files in the image bank.' }),
    channels: z
      .array(z.object({ channel: z.string(), counts: StatusCountsSchema }))
      .meta({ description: "Per channel of the organisation (in its order), the files in each status now; each channel's counts add up to `total`." }),
  })
  .meta({ id: 'AssetCounts' });
export type AssetCounts = z.infer<typeof AssetCountsSchema>;


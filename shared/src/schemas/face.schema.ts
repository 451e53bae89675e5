import { z } from 'zod';
import { IdSchema, InstantSchema } from './common.schema';

/** Face matching (issue #5): detected faces, suggestions of who they are, re-indexing. */

export const FaceSuggestionSchema = z
  .object({
    id: IdSchema,
    boxId: IdSchema,
    personId: IdSchema,
    personName: z.string().nullable(),
    score: z.number().meta({ description: 'Similarity to the person\'s confirmed faces (cosine, 0..1; higher is more alike).' }),
    status: z.enum(['pending', 'approved', 'rejected']),
  })
  .meta({ id: 'FaceSuggestion' });
export type FaceSuggestionDto = z.infer<typeof FaceSuggestionSchema>;

export const FaceSchema = z
  .object({
    boxId: IdSchema,
    x: z.number(),
    y: z.number(),
    w: z.number(),
    h: z.number(),
    source: z.enum(['manual', 'detected']),
    personId: IdSchema.nullable(),
    personName: z.string().nullable(),
    embedded: z.boolean().meta({ description: 'The face has an embedding (it can be matched, and serves as a reference once tagged).' }),
    detectionScore: z.number().nullable(),
    sizePx: z.number().int().nullable().meta({ description: 'Shorter side of the face in pixels of the original.' }),
    matchable: z.boolean().meta({ description: 'Large and clear enough to be suggested (faceMinSizePx, faceMinScore).' }),
    suggestions: z.array(FaceSuggestionSchema).meta({ description: 'Pending suggestions for an unknown face, best first.' }),
  })
  .meta({ id: 'Face' });
export type FaceDto = z.infer<typeof FaceSchema>;

export const FaceScanSchema = z
  .object({
    status: z.enum(['done', 'failed', 'skipped']),
    faces: z.number().int(),
    error: z.string().nullable(),
    at: InstantSchema,
  })
  .meta({ id: 'FaceScan' });

export const AssetFacesSchema = z
  .object({
    assetId: IdSchema,
    scan: FaceScanSchema.nullable().meta({ description: 'The last face indexing of the asset; null if it has not been indexed.' }),
    faces: z.array(FaceSchema),
  })
  .meta({ id: 'AssetFaces' });
export type AssetFacesDto = z.infer<typeof AssetFacesSchema>;

export const FaceDecisionSchema = z
  .object({
    suggestion: FaceSuggestionSchema,
    face: FaceSchema,
  })
  .meta({ id: 'FaceDecision' });
export type FaceDecisionDto = z.infer<typeof FaceDecisionSchema>;

export const FaceReindexRequestSchema = z
  .strictObject({
    force: z.boolean().default(false).meta({ description: 'Also re-index assets already indexed with the current model.' }),
  })
  .meta({ id: 'FaceReindexRequest' });
export type FaceReindexRequest = z.infer<typeof FaceReindexRequestSchema>;

export const FaceJobSchema = z
  .object({
    id: IdSchema,
    status: z.enum(['queued', 'running', 'done', 'cancelled', 'failed']),
    force: z.boolean(),
    total: z.number().int(),
    done: z.number().int().meta({ description: 'Assets handled so far, including failed ones.' }),
    failed: z.number().int(),
    error: z.string().nullable(),
    createdAt: InstantSchema,
    finishedAt: InstantSchema.nullable(),
  })
  .meta({ id: 'FaceJob' });
export type FaceJobDto = z.infer<typeof FaceJobSchema>;

export const FaceJobListSchema = z.object({ items: z.array(FaceJobSchema) }).meta({ id: 'FaceJobList' });

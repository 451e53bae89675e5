import { z } from 'zod';
import { ChannelSchema, IdSchema, InstantSchema } from './common.schema';

export const UsageReportSchema = z
  .strictObject({
    integration: z.string().trim().min(1).max(200).optional().meta({
      description: 'Which integration reports, e.g. "wordpress:https://example.se". Defaults to the API key\'s name.',
    }),
    channel: ChannelSchema,
    location: z.string().trim().min(1).max(2000).meta({ description: 'URL or other place where the files are used.' }),
    title: z.string().trim().max(500).nullable().optional(),
    assetIds: z.array(IdSchema).max(1000).meta({
      description: 'Every asset used at this location now. Assets reported before but missing here are marked removed.',
    }),
  })
  .meta({ id: 'UsageReport' });
export type UsageReport = z.infer<typeof UsageReportSchema>;

export const UsageSchema = z
  .object({
    id: IdSchema,
    assetId: IdSchema,
    integration: z.string(),
    channel: z.string(),
    location: z.string(),
    title: z.string().nullable(),
    firstSeenAt: InstantSchema,
    lastSeenAt: InstantSchema,
    removedAt: InstantSchema.nullable(),
  })
  .meta({ id: 'Usage' });
export type UsageDto = z.infer<typeof UsageSchema>;

export const UsageListSchema = z.object({ items: z.array(UsageSchema) }).meta({ id: 'UsageList' });

export const UsageReportResultSchema = z
  .object({ active: z.number().int(), removed: z.number().int(), unknownAssetIds: z.array(z.string()) })
  .meta({ id: 'UsageReportResult' });
export type UsageReportResult = z.infer<typeof UsageReportResultSchema>;

/** "Where will this be used?": asked before an original is downloaded from the dashboard, when the organisation wants it. */
export const DownloadDeclarationSchema = z
  .strictObject({
    channel: ChannelSchema,
    note: z.string().trim().min(1).max(500).meta({ description: 'Where the file will be used, e.g. "Newsletter, March" or a URL.' }),
  })
  .meta({ id: 'DownloadDeclaration' });
export type DownloadDeclaration = z.infer<typeof DownloadDeclarationSchema>;

export const DownloadGrantSchema = z
  .object({
    usage: UsageSchema,
    /** The original, to fetch with the same credentials. */
    url: z.string(),
  })
  .meta({ id: 'DownloadGrant' });

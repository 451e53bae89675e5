import type { ContentLookupRequest, ContentLookupResultDto } from '@likeness/shared';
import type { RequestContext } from '../../kernel/request-context';
import type { FingerprintIndex } from './fingerprint.index';

/** Which bank asset an untagged image in a document is, from the hashes the add-in computed. */
export class ContentLookupService {
  constructor(private readonly index: FingerprintIndex) {}

  async lookup(ctx: RequestContext, request: ContentLookupRequest): Promise<ContentLookupResultDto> {
    const found = await this.index.lookup(
      ctx.tenantId,
      request.images.map((i) => ({ sha256: i.sha256, phash: i.phash ?? null })),
    );
    return {
      items: request.images.map((image, i) => {
        const match = found[i];
        return { key: image.key, assetId: match?.assetId ?? null, match: match?.match ?? null, distance: match?.distance ?? null };
      }),
    };
  }
}

import { LiveStatus, LikenessApiError, createLikenessClient, reportUsage, unwrap, type LikenessClient, type Schemas } from '@likeness/sdk';

export type Asset = Schemas['Asset'];
export type Me = Schemas['Me'];
export type LookupItem = Schemas['ContentLookupResult']['items'][number];

export interface ApprovedImage {
  id: string;
  title: string;
  approvedUntil: string | null;
  width: number;
  height: number;
}

/** Everything the pane asks of Likeness, through the SDK only. */
export class LikenessApi {
  readonly client: LikenessClient;

  constructor(
    readonly baseUrl: string,
    private readonly token: string,
    readonly channel: string,
  ) {
    this.client = createLikenessClient({ baseUrl, apiKey: token });
  }

  me(): Promise<Me> {
    return unwrap(this.client.GET('/api/v1/auth/me'));
  }

  /** Ends an Office session; an API key has none to end (the administrator revokes it). */
  async signOut(): Promise<void> {
    await unwrap(this.client.POST('/api/v1/auth/logout')).catch((err: unknown) => {
      if (!(err instanceof LikenessApiError)) throw err;
    });
  }

  /**
   * Images approved (or approved but expiring) in the channel, by title/file name and by person name. Browsing
   * (no words) asks the server for approved images; a search asks for matching images and keeps the approved
   * ones by the status each answer carries, since the server's status filter does not combine with `q`.
   */
  async searchApproved(q: string): Promise<ApprovedImage[]> {
    const query = q.trim() || undefined;
    const list = (filter: { status?: 'approved' | 'expiring'; personId?: string; q?: string }) =>
      unwrap(this.client.GET('/api/v1/assets', { params: { query: { limit: 100, ...(filter.status ? { channel: this.channel } : {}), ...filter } } }));
    const pages = query
      ? await Promise.all([list({ q: query }), ...(await this.personsNamed(query)).map((personId) => list({ personId }))])
      : await Promise.all([list({ status: 'approved' }), list({ status: 'expiring' })]);
    const seen = new Map<string, ApprovedImage>();
    for (const asset of pages.flatMap((p) => p.items)) {
      if (asset.kind !== 'image' || seen.has(asset.id)) continue;
      const status = asset.statuses.find((s) => s.channel === this.channel);
      if (!status?.approved) continue;
      seen.set(asset.id, {
        id: asset.id,
        title: asset.title || asset.originalName,
        approvedUntil: status.approvedUntil,
        width: asset.width ?? 800,
        height: asset.height ?? 600,
      });
    }
    return [...seen.values()];
  }

  /** Person search needs persons:read; a key without it still searches titles. */
  private async personsNamed(q: string): Promise<string[]> {
    try {
      const page = await unwrap(this.client.GET('/api/v1/persons', { params: { query: { q, limit: 5 } } }));
      return page.items.map((p) => p.id);
    } catch (err) {
      if (err instanceof LikenessApiError && err.status === 403) return [];
      throw err;
    }
  }

  async thumbnail(assetId: string): Promise<Blob> {
    const { data, response } = await this.client.GET('/api/v1/assets/{id}/files/{variant}', {
      params: { path: { id: assetId, variant: 'thumbnail' } },
      parseAs: 'blob',
    });
    if (!response.ok || !data) throw new LikenessApiError(response.status, 'http_error', `HTTP ${response.status}`);
    return data as Blob;
  }

  /** The JPEG/PNG to insert; the server refuses an image that is not approved in the channel. */
  async insertableImage(assetId: string): Promise<Uint8Array<ArrayBuffer>> {
    const { data, error, response } = await this.client.GET('/api/v1/office/assets/{id}/image', {
      params: { path: { id: assetId }, query: { channel: this.channel, maxWidth: 1600 } },
      parseAs: 'arrayBuffer',
    });
    if (!response.ok || !data) {
      const body = (error ?? {}) as { error?: { code?: string; message?: string } };
      throw new LikenessApiError(response.status, body.error?.code ?? 'http_error', body.error?.message ?? `HTTP ${response.status}`);
    }
    return new Uint8Array(data as ArrayBuffer);
  }

  async lookup(images: Array<{ key: string; sha256: string; phash: string | null }>): Promise<LookupItem[]> {
    const items: LookupItem[] = [];
    for (let i = 0; i < images.length; i += 500) {
      const chunk = images.slice(i, i + 500).map((img) => ({ key: img.key, sha256: img.sha256, ...(img.phash ? { phash: img.phash } : {}) }));
      items.push(...(await unwrap(this.client.POST('/api/v1/office/images/lookup', { body: { images: chunk } }))).items);
    }
    return items;
  }

  reportUsage(location: string, title: string | null, assetIds: string[]): Promise<unknown> {
    return reportUsage(this.client, { integration: 'office', channel: this.channel, location, title, assetIds });
  }

  /** The live, fail-closed status cache for the open document's images. */
  liveStatus(): LiveStatus {
    return new LiveStatus({ baseUrl: this.baseUrl, apiKey: this.token, channel: this.channel, client: this.client });
  }
}

import type { SubjectDataShare, SubjectDataSource } from '../../kernel/ports';
import { exportRow, safeName } from '../../kernel/subject-data';
import type { FileStorage } from '../../storage/file.storage';
import type { AssetsRepositories } from './assets.repositories';

/** The files a person appears in (with their boxes and the original), and where those files are published. */
export class AssetsSubjectData implements SubjectDataSource {
  constructor(
    private readonly repos: AssetsRepositories,
    private readonly storage: FileStorage,
  ) {}

  async collect(tenantId: string, personId: string): Promise<SubjectDataShare> {
    const [boxes, usages] = await Promise.all([this.repos.boxes.forPerson(tenantId, personId), this.repos.usages.forPerson(tenantId, personId)]);
    const byAsset = new Map<string, { asset: (typeof boxes)[number]['asset']; boxes: Array<Record<string, unknown>> }>();
    for (const { asset, ...box } of boxes) {
      const entry = byAsset.get(asset.id) ?? { asset, boxes: [] };
      entry.boxes.push(exportRow(box, ['assetId', 'personId']));
      byAsset.set(asset.id, entry);
    }
    const share: SubjectDataShare = { sections: { files: [], publications: usages.map((u) => exportRow(u, ['apiKeyId'])) }, files: [] };
    for (const { asset, boxes: own } of byAsset.values()) {
      const index = share.sections.files!.push({ ...exportRow(asset, ['storageKey']), boxes: own }) - 1;
      share.files.push({
        category: 'files',
        index,
        file: { path: `files/${asset.id}-${safeName(asset.originalName)}`, contentType: asset.contentType, size: asset.size, sha256: asset.sha256, source: { storagePath: this.storage.pathOf(`${asset.storageKey}/original`) } },
      });
    }
    return share;
  }
}

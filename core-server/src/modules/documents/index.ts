/**
 * Documents: Word and PowerPoint. The add-in's sign-in, the content lookup of untagged images (SHA-256 and a
 * perceptual hash), the server-side check of an uploaded .docx/.pptx, the images it inserts, and the task pane
 * and manifest at /office/.
 */
import type { Module } from '../../kernel/module';
import type { TenantSettingsSource } from '../../kernel/tenant-settings';
import type { FileStorage } from '../../storage/file.storage';
import { ContentLookupService } from './content-lookup.service';
import { documentRoutes } from './documents.controller';
import type { BankImageRow, DocumentsRepository } from './documents.repository';
import { DocumentCheckService, type AssetStatusReader } from './document-check.service';
import { FingerprintIndex, type FingerprintStore } from './fingerprint.index';
import { InsertableImageService, type ImageFileSource } from './insertable-image.service';
import { OfficeSessionService, type SessionIssuer } from './office-session.service';
import { officeRouter } from './office.router';
import { DEFAULT_PACKAGE_LIMITS, type PackageLimits } from '../../media/ooxml-package';

export { OFFICE_SESSION_PREFIX } from './office-session.service';

export interface DocumentsDeps {
  /** The module's own repository (documents.repositories.ts). */
  repository: DocumentsRepository;
  storage: FileStorage;
  /** The status module's StatusService. */
  status: AssetStatusReader;
  settings: TenantSettingsSource;
  /** The admin module's AuthService: Office sessions are its sessions. */
  auth: SessionIssuer;
  config: { publicUrl: () => string | null; maxImagePixels: number; limits?: Partial<PackageLimits> };
  log?: (line: string) => void;
}

function buildFacade(d: DocumentsDeps) {
  const limits: PackageLimits = { ...DEFAULT_PACKAGE_LIMITS, ...d.config.limits };
  const original = (row: BankImageRow) => d.storage.pathOf(`${row.storageKey}/original`);
  const store: FingerprintStore = {
    bankImages: async (tenantId) =>
      (await d.repository.bankImages(tenantId)).map((r) => ({ id: r.id, sha256: r.sha256, title: r.title ?? r.originalName, path: original(r) })),
    load: (tenantId) => d.repository.fingerprints(tenantId),
    save: (tenantId, rows) => d.repository.saveFingerprints(tenantId, rows),
  };
  const files: ImageFileSource = {
    imageFile: async (tenantId, assetId) => {
      const row = await d.repository.bankImage(tenantId, assetId);
      return row ? { path: original(row), title: row.title, originalName: row.originalName } : null;
    },
  };
  const index = new FingerprintIndex(store, d.config.maxImagePixels);
  const discardTemp = (path: string) => d.storage.discard(path);
  return {
    limits,
    sessions: new OfficeSessionService(d.auth),
    lookup: new ContentLookupService(index),
    check: new DocumentCheckService(index, d.status, d.settings, limits, d.config.maxImagePixels, discardTemp),
    images: new InsertableImageService(files, d.status, d.settings, d.config.maxImagePixels, () => d.storage.tempPath()),
    discardTemp,
  };
}

export type DocumentsFacade = ReturnType<typeof buildFacade>;

export { documentsRepositories } from './documents.repositories';

export function createDocumentsModule(d: DocumentsDeps): Module<DocumentsFacade> {
  const facade = buildFacade(d);
  return {
    facade,
    routes: documentRoutes(facade),
    routers: async () => [await officeRouter({ publicUrl: d.config.publicUrl, log: d.log })],
  };
}

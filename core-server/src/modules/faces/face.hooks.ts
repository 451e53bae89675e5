import { auditMeta, type RequestContext } from '../../kernel/request-context';
import type { JobQueue } from '../../kernel/ports';
import type { Repositories } from '../../persistence';
import type { AfterCommit } from '../../kernel/unit-of-work';
import type { FaceGate } from './face.gate';

export interface BoxChange {
  boxId: string;
  /** The person the box was tagged with before the change (untag, re-tag, delete). */
  formerPersonId: string | null;
  /** Its geometry changed (or it is new): its embedding must be computed again. */
  moved: boolean;
  /** Erasure just deleted its embedding: the follow-up refreshes the index but never embeds it again. */
  erased?: boolean;
}

/** What other services call when their writes concern faces; the work itself runs in jobs. */
export class FaceHooks {
  constructor(
    private readonly gate: FaceGate,
    private readonly jobs: JobQueue,
  ) {}

  /** After an upload committed (AssetService). */
  assetUploaded(tenantId: string, assetId: string): void {
    void this.gate.enabled(tenantId).then((on) => on && this.jobs.add('faces.index', { tenantId, assetId }, { jobId: `${assetId}:${Date.now()}` }));
  }

  /** After boxes were created, moved, (un)tagged or deleted (BoxService), from its after-commit. */
  boxesChanged(tenantId: string, changes: BoxChange[]): void {
    this.gate.publish(tenantId, changes.map((c) => c.boxId));
    void this.gate.enabled(tenantId).then((on) => on && this.jobs.add('faces.boxes', { tenantId, changes }));
  }

  /** Erasure (PersonService.delete), inside its transaction: the embeddings of every face tagged with the person go. */
  async personErasing(repos: Repositories, afterCommit: AfterCommit, ctx: RequestContext, personId: string, personRef: number): Promise<void> {
    const boxIds = await repos.faces.deleteEmbeddingsOfPerson(ctx.tenantId, personId);
    if (boxIds.length > 0) {
      await repos.audit.append({ ...auditMeta(ctx), action: 'face.embeddings_erased', entityType: 'person', entityId: personId, before: { ref: personRef, embeddings: boxIds.length } });
    }
    // Their suggestions cascade with the person row; the vector index forgets the faces on every node.
    afterCommit(() => {
      this.gate.publish(ctx.tenantId, boxIds);
      void this.gate.enabled(ctx.tenantId).then((on) => on && this.jobs.add('faces.boxes', { tenantId: ctx.tenantId, changes: boxIds.map((boxId) => ({ boxId, formerPersonId: null, moved: false, erased: true })) }));
    });
  }
}

import { auditMeta, type RequestContext } from '../../kernel/request-context';
import type { AssetObserver, BoxChange, JobQueue } from '../../kernel/ports';
import type { TxScope } from '../../kernel/unit-of-work';
import type { FacesUnitOfWork } from './faces.repositories';
import type { FaceGate } from './face.gate';

export type { BoxChange };

/** What other services call when their writes concern faces; the work itself runs in jobs. */
export class FaceHooks implements AssetObserver {
  constructor(
    private readonly gate: FaceGate,
    private readonly jobs: JobQueue,
    private readonly uow: FacesUnitOfWork,
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
  async personErasing(scope: TxScope, ctx: RequestContext, personId: string, personRef: number): Promise<void> {
    const repos = this.uow.join(scope);
    const boxIds = await repos.faces.deleteEmbeddingsOfPerson(ctx.tenantId, personId);
    if (boxIds.length > 0) {
      await repos.audit.append({ ...auditMeta(ctx), action: 'face.embeddings_erased', entityType: 'person', entityId: personId, before: { ref: personRef, embeddings: boxIds.length } });
    }
    // Their suggestions cascade with the person row; the vector index forgets the faces on every node.
    scope.afterCommit(() => {
      this.gate.publish(ctx.tenantId, boxIds);
      void this.gate.enabled(ctx.tenantId).then((on) => on && this.jobs.add('faces.boxes', { tenantId: ctx.tenantId, changes: boxIds.map((boxId) => ({ boxId, formerPersonId: null, moved: false, erased: true })) }));
    });
  }
}

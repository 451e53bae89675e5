import { AppError, type AuditEventDto, type AuditListQuery, type AuditVerification } from '@likeness/shared';
import { chainHash } from '../../kernel/audit-chain';
import type { RequestContext } from '../../kernel/request-context';
import type { AdminRepositories } from './admin.repositories';
import type { AuditRepository } from './audit.repository';

type AuditRow = Awaited<ReturnType<AuditRepository['list']>>[number];

function toAuditDto(e: AuditRow): AuditEventDto {
  return {
    id: e.id,
    seq: e.seq,
    at: e.at.toISOString(),
    actorType: e.actorType as AuditEventDto['actorType'],
    actorId: e.actorId,
    actorLabel: e.actorLabel,
    action: e.action as AuditEventDto['action'],
    entityType: e.entityType,
    entityId: e.entityId,
    before: e.before ?? null,
    after: e.after ?? null,
    ip: e.ip,
    userAgent: e.userAgent,
    hash: e.hash,
  };
}

export class AuditService {
  constructor(private readonly repos: AdminRepositories) {}

  async list(ctx: RequestContext, q: AuditListQuery): Promise<{ items: AuditEventDto[]; nextCursor: string | null }> {
    if (q.cursor && !(await this.repos.audit.exists(ctx.tenantId, q.cursor))) {
      throw new AppError('invalid_cursor', 'The cursor is no longer valid; start from the first page.');
    }
    const rows = await this.repos.audit.list(ctx.tenantId, q);
    const page = rows.slice(0, q.limit);
    return { items: page.map(toAuditDto), nextCursor: rows.length > q.limit ? page[page.length - 1]!.id : null };
  }

  /** Walks the chain in order: each row's hash must follow from its content and the previous hash. */
  async verify(tenantId: string): Promise<AuditVerification> {
    let prevHash = '';
    let lastSeq = 0;
    let checked = 0;
    for (;;) {
      const rows = await this.repos.audit.pageBySeq(tenantId, lastSeq, 1000);
      if (rows.length === 0) {
        // The tenant row holds the chain head: a deleted or truncated tail shows up here.
        const head = await this.repos.tenants.findById(tenantId);
        const intact = !head || (head.auditSeq === lastSeq && head.auditHeadHash === prevHash);
        return { valid: intact, checked, firstBrokenSeq: intact ? null : lastSeq + 1 };
      }
      for (const row of rows) {
        const expected = chainHash(prevHash, {
          seq: row.seq,
          at: row.at,
          actorType: row.actorType,
          actorId: row.actorId,
          actorLabel: row.actorLabel,
          action: row.action,
          entityType: row.entityType,
          entityId: row.entityId,
          before: row.before ?? null,
          after: row.after ?? null,
          ip: row.ip,
          userAgent: row.userAgent,
        });
        // A missing row shows as a gap in the sequence; an edited one as a hash mismatch.
        if (row.seq !== lastSeq + 1 || row.prevHash !== prevHash || row.hash !== expected) {
          return { valid: false, checked, firstBrokenSeq: row.seq };
        }
        prevHash = row.hash;
        lastSeq = row.seq;
        checked++;
      }
    }
  }

  verifyFor(ctx: RequestContext): Promise<AuditVerification> {
    return this.verify(ctx.tenantId);
  }
}

import { AppError, type ConsentCorrectionReview, type ConsentRequestDto } from '@likeness/shared';
import { auditMeta, type RequestContext } from '../../kernel/request-context';
import type { ConsentRepositories, ConsentUnitOfWork } from './consent.repositories';
import { toRequestDto } from './consent-request.mapper';
import type { SignerDetails } from './signing.model';
import type { RegisterFacade } from '../register';

const GUARDIAN_FIELD = { name: 'guardianName', email: 'guardianEmail', phone: 'guardianPhone' } as const;

/**
 * Contact details a signer corrected on the signing page wait for staff: someone holding a link must not be
 * able to rewrite the register. Accepting writes them to the person (audited as a register change); rejecting
 * leaves the register as it is. Either way the decision is in the audit log.
 */
export class CorrectionReviewService {
  constructor(
    private readonly repos: ConsentRepositories,
    private readonly uow: ConsentUnitOfWork,
    private readonly register: RegisterFacade['signer'],
  ) {}

  async review(ctx: RequestContext, id: string, input: ConsentCorrectionReview): Promise<ConsentRequestDto> {
    return this.uow.run(async (repos, _afterCommit, scope) => {
      const r = await repos.consentRequests.findRequest(ctx.tenantId, id);
      if (!r) throw new AppError('not_found', 'No such consent request.');
      const correction = r.correction as { status: string; fields: Array<keyof SignerDetails> } | null;
      if (!correction || correction.status !== 'pending') throw new AppError('conflict', 'This request has no corrections waiting for review.');
      const fields = correction.fields;
      if (input.decision === 'accept') {
        const details = (r.signerDetails ?? {}) as Partial<SignerDetails>;
        const guardian = r.recipient === 'guardian';
        const data: Record<string, string | null> = {};
        for (const k of fields) data[guardian ? GUARDIAN_FIELD[k] : k] = details[k] ?? null;
        const { tenantId: _t, ...by } = auditMeta(ctx);
        if (!(await this.register.applyCorrection(scope, ctx.tenantId, r.personId, data, by))) throw new AppError('not_found', 'The person is no longer in the register.');
      }
      const status = input.decision === 'accept' ? 'accepted' : 'rejected';
      const updated = await repos.consentRequests.updateRequest(ctx.tenantId, r.id, { correction: { status, fields } });
      await repos.audit.append({ ...auditMeta(ctx), action: `consent_request.correction_${status}`, entityType: 'consent_request', entityId: r.id, after: { personId: r.personId, fields } });
      return toRequestDto(updated);
    });
  }
}

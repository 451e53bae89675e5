import { AppError } from '@likeness/shared';
import type { ConsentRepositories, ConsentUnitOfWork } from './consent.repositories';
import type { RegisterFacade } from '../register';
import type { BankIdClient } from './bankid.client';
import type { SigningLinkService } from './signing-link.service';
import { OPEN, audit, cancelPendingOrders, type ClientMeta } from './signing.model';

/** Saying no: declining from the signing link, or withdrawing a signed consent from the receipt link. */
export class SigningRefusalService {
  constructor(
    private readonly repos: ConsentRepositories,
    private readonly uow: ConsentUnitOfWork,
    private readonly withdrawal: RegisterFacade['withdrawal'],
    private readonly links: SigningLinkService,
    private readonly bankid: () => BankIdClient | null,
  ) {}

  async decline(raw: string, reason: string | null, meta: ClientMeta): Promise<{ org: string }> {
    const r = (await this.links.open(raw)).request;
    const client = this.bankid();
    for (const old of await this.repos.signatures.pendingOrders(r.id)) await client?.cancel(old.orderRef).catch(() => undefined);
    await this.uow.run(async (repos) => {
      const now = new Date();
      if (!(await repos.consentRequests.transition(r.tenantId, r.id, OPEN, { status: 'declined', completedAt: now, declineReason: reason?.trim().slice(0, 1000) || null }))) {
        throw new AppError('conflict', 'The request is already answered.');
      }
      await repos.consentRequests.useTokens(r.tenantId, r.id, 'sign', now);
      await cancelPendingOrders(repos, r, now);
      await repos.audit.append({ ...audit(r, meta), action: 'consent_request.declined', entityType: 'consent_request', entityId: r.id, before: { status: r.status }, after: { status: 'declined', reasonGiven: Boolean(reason?.trim()) } });
    });
    return { org: r.tenant.name };
  }

  /** Withdrawing is as easy as consenting (GDPR Art. 7(3)): one click on the receipt link, effective at once. */
  async withdraw(raw: string, reason: string | null, meta: ClientMeta): Promise<{ withdrawnAt: Date } | null> {
    const x = await this.links.receipt(raw);
    if (!x) return null;
    if (x.agreement.withdrawnAt) return { withdrawnAt: x.agreement.withdrawnAt };
    return this.uow.run(async (repos, _afterCommit, scope) => {
      const { tenantId: _t, ...by } = audit(x.r, meta);
      const done = await this.withdrawal.run(scope, {
        tenantId: x.r.tenantId,
        agreementId: x.agreement.id,
        at: new Date(),
        reason: reason?.trim().slice(0, 2000) || null,
        by,
      });
      if (!done) return null;
      if (!done.already) {
        await repos.audit.append({ ...audit(x.r, meta), action: 'consent_request.withdrawn', entityType: 'consent_request', entityId: x.r.id, after: { agreementId: done.agreement.id, reasonGiven: Boolean(reason?.trim()) } });
      }
      return { withdrawnAt: done.agreement.withdrawnAt! };
    });
  }
}

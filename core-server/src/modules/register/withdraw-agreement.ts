import type { Actor } from '../../kernel/request-context';
import type { TxScope } from '../../kernel/unit-of-work';
import type { RegisterRepositories, RegisterUnitOfWork } from './register.repositories';
import type { StatusChanges } from '../status';
import { agreementSummary } from './register.mapper';

export interface Withdrawal {
  tenantId: string;
  agreementId: string;
  /** When consent ends (never before now: files already used stay used). */
  at: Date;
  reason: string | null;
  /** Who withdrew, for the audit row: a user of the dashboard, an API key, or the signer from the receipt link. */
  by: { actor: Actor; ip: string | null; userAgent: string | null };
}

type AgreementRow = NonNullable<Awaited<ReturnType<RegisterRepositories['agreements']['findInTenant']>>>;

/**
 * Withdrawing an agreement, the one rule for every way in (the dashboard's API and the signer's
 * receipt link): inside the caller's transaction, mark it withdrawn, audit it, and recompute the
 * files the person appears in, whose events are pushed and sent as webhooks after commit.
 */
export class WithdrawAgreement {
  constructor(
    private readonly status: StatusChanges,
    private readonly uow: RegisterUnitOfWork,
  ) {}

  /** null: no such agreement in this tenant; `already`: it was withdrawn before and nothing was written. */
  async run(scope: TxScope, w: Withdrawal): Promise<{ agreement: AgreementRow; already: boolean } | null> {
    const repos = this.uow.join(scope);
    const current = await repos.agreements.findInTenant(w.tenantId, w.agreementId);
    if (!current) return null;
    if (current.withdrawnAt) return { agreement: current, already: true };
    const agreement = await repos.agreements.update(w.tenantId, current.id, { withdrawnAt: w.at, withdrawalReason: w.reason });
    await repos.audit.append({
      tenantId: w.tenantId,
      ...w.by,
      action: 'agreement.withdrawn',
      entityType: 'agreement',
      entityId: agreement.id,
      before: agreementSummary(current),
      after: agreementSummary(agreement),
    });
    await this.status.personsChanged(scope, w.tenantId, [agreement.personId]);
    return { agreement, already: false };
  }
}

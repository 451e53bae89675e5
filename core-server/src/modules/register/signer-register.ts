import type { Actor } from '../../kernel/request-context';
import type { TxScope } from '../../kernel/unit-of-work';
import type { StatusChanges } from '../status';
import type { AgreementData } from './person.repository';
import type { RegisterUnitOfWork } from './register.repositories';
import { searchText } from './register.mapper';

/** Who made the change, for the audit row: the signer on the signing page, or the staff member who accepted a correction. */
type By = { actor: Actor; ip: string | null; userAgent: string | null };

/**
 * What the consent module reads and writes in the register: the person a request is for, the
 * agreement a signature creates, the corrections staff accept. The register owns these rows, so
 * their audit rows and status effects are written here, inside the consent module's transaction.
 */
export class SignerRegister {
  constructor(
    private readonly uow: RegisterUnitOfWork,
    private readonly status: StatusChanges,
  ) {}

  person(tenantId: string, personId: string) {
    return this.uow.repos.persons.findInTenant(tenantId, personId);
  }

  persons(tenantId: string, personIds: string[]) {
    return this.uow.repos.persons.findManyInTenant(tenantId, personIds);
  }

  agreement(tenantId: string, agreementId: string) {
    return this.uow.repos.agreements.findInTenant(tenantId, agreementId);
  }

  /** A verified signature becomes a digital agreement: the row, its audit row, and the person's files recomputed. */
  async createSignedAgreement(scope: TxScope, tenantId: string, personId: string, data: AgreementData, by: By, consentRequestId: string) {
    const repos = this.uow.join(scope);
    const a = await repos.agreements.create(tenantId, personId, data);
    await repos.audit.append({
      tenantId,
      ...by,
      action: 'agreement.created',
      entityType: 'agreement',
      entityId: a.id,
      after: { personId, kind: a.kind, channels: a.channels, validFrom: a.validFrom.toISOString(), validUntil: a.validUntil?.toISOString() ?? null, signedBy: a.signedBy, withdrawnAt: null, consentRequestId },
    });
    await this.status.personsChanged(scope, tenantId, [personId]);
    return a;
  }

  /** A correction the signer proposed and staff accepted: only the named fields change (their names are audited, not their values). */
  async applyCorrection(scope: TxScope, tenantId: string, personId: string, data: Record<string, string | null>, by: By): Promise<boolean> {
    const repos = this.uow.join(scope);
    const person = await repos.persons.findInTenant(tenantId, personId);
    if (!person) return false;
    const next = { ...person, ...data };
    await repos.persons.update(tenantId, person.id, { ...data, searchText: searchText(next, person.ref) });
    await repos.audit.append({ tenantId, ...by, action: 'person.updated', entityType: 'person', entityId: person.id, after: { ref: person.ref, fields: Object.keys(data), source: 'signing page, accepted by staff' } });
    return true;
  }
}

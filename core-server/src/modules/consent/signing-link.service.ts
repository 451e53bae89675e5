import { AppError, type ConsentEditableField, type ConsentMethod } from '@likeness/shared';
import { hashToken } from '../../kernel/tokens';
import type { RegisterFacade } from '../register';
import type { ConsentRepositories, ConsentUnitOfWork } from './consent.repositories';
import type { ConsentRequestFull } from './consent-request.repository';
import type { BankIdClient } from './bankid.client';
import type { ConsentRequestService } from './consent-request.service';
import type { StoredContent } from './consent-request.mapper';
import type { EvidenceRecord } from './evidence.service';
import { audit, mask, signerOf, type ClientMeta, type Closed, type Open, type SignerDetails } from './signing.model';

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/**
 * The link token is the signer's only credential. No person data leaves the signing services before the token is
 * found here, unexpired and unused (or, for a receipt link, unexpired and answered by an agreement).
 */
export class SigningLinkService {
  constructor(
    private readonly repos: ConsentRepositories,
    private readonly uow: ConsentUnitOfWork,
    private readonly requests: ConsentRequestService,
    private readonly bankid: () => BankIdClient | null,
    /** Which code channels can reach people in this organisation (a configured provider, or the dev outbox). */
    private readonly providers: (tenantId: string) => Promise<{ sms: boolean; email: boolean }>,
    private readonly register: RegisterFacade['signer'],
  ) {}

  async resolve(raw: string): Promise<Closed | Open> {
    if (!TOKEN.test(raw)) return { state: 'invalid' };
    const t = await this.repos.consentRequests.findToken(hashToken(raw));
    if (!t || t.purpose !== 'sign') return { state: 'invalid' };
    const r = t.request;
    const closed = (state: 'expired' | 'used' | 'cancelled'): Closed => ({ state, org: r.tenant.name, locale: (r.content as unknown as StoredContent).locale });
    if (r.status === 'cancelled') return closed('cancelled');
    if (r.status === 'signed' || r.status === 'declined') return closed('used');
    const now = new Date();
    if (r.status === 'expired' || r.expiresAt <= now || t.expiresAt <= now) {
      if (r.status !== 'expired') await this.requests.expire(r.id, r.tenantId, now);
      return closed('expired');
    }
    if (t.usedAt) return closed('used');
    return { state: 'open', tokenId: t.id, request: r };
  }

  async open(raw: string): Promise<Open> {
    const s = await this.resolve(raw);
    if (s.state !== 'open') throw new AppError('not_found', 'This link is not valid any more.', { state: s.state });
    return s;
  }

  /** A receipt link with its request, agreement and sealed evidence, or null. */
  async receipt(raw: string) {
    if (!TOKEN.test(raw)) return null;
    const t = await this.repos.consentRequests.findToken(hashToken(raw));
    if (!t || t.purpose !== 'receipt' || t.expiresAt <= new Date() || !t.request.agreementId) return null;
    const evidence = await this.repos.signatures.findEvidenceByRequest(t.request.id);
    const agreement = await this.register.agreement(t.request.tenantId, t.request.agreementId);
    if (!evidence || !agreement) return null;
    return { t, r: t.request, evidence, agreement, record: evidence.data as unknown as EvidenceRecord };
  }

  /** The ways of signing the template allows and this server can offer, with masked destinations. */
  async methodsOf(r: ConsentRequestFull) {
    const allowed = r.templateVersion.methods as ConsentMethod[];
    // A code nobody can deliver is not offered: without a provider it would only be readable by staff.
    const can = await this.providers(r.tenantId);
    return {
      bankid: allowed.includes('bankid') && this.bankid() !== null,
      sms: allowed.includes('sms_code') && can.sms && r.phone ? mask(r.phone, 'phone') : null,
      email: allowed.includes('email_code') && can.email && r.email ? mask(r.email, 'email') : null,
    };
  }

  /** Stores what the signer confirmed, with only the fields the template lets them correct. */
  async saveDetails(o: Open, input: Partial<SignerDetails>, meta: ClientMeta): Promise<void> {
    const r = o.request;
    const editable = r.templateVersion.editableFields as ConsentEditableField[];
    const current = signerOf(r);
    const next: SignerDetails = { ...current };
    for (const field of editable) {
      const raw = input[field];
      if (raw === undefined) continue;
      const value = raw?.trim() ? raw.trim() : null;
      if (field === 'name' && (!value || value.length > 200)) throw new AppError('validation_failed', 'Fill in your name.', { field });
      if (field === 'email' && value && (value.length > 254 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value))) throw new AppError('validation_failed', 'Check the email address.', { field });
      if (field === 'phone' && value && !/^\+?[0-9 ()-]{5,20}$/.test(value)) throw new AppError('validation_failed', 'Check the mobile number.', { field });
      next[field] = value;
    }
    const changed = (Object.keys(next) as Array<keyof SignerDetails>).filter((k) => next[k] !== current[k]);
    if (changed.length === 0) return;
    await this.uow.run(async (repos) => {
      await repos.consentRequests.updateRequest(r.tenantId, r.id, { signerDetails: next });
      await repos.audit.append({ ...audit(r, meta), action: 'consent_request.details_corrected', entityType: 'consent_request', entityId: r.id, after: { fields: changed } });
    });
    o.request = { ...r, signerDetails: { ...next } };
  }
}

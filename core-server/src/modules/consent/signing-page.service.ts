import type { ConsentEditableField } from '@likeness/shared';
import { personDisplayName } from '../../kernel/person-name';
import type { AssetsFacade } from '../assets';
import type { ConsentRepositories, ConsentUnitOfWork } from './consent.repositories';
import type { FileStorage } from '../../storage/file.storage';
import { OTP_MAX_ATTEMPTS } from './code-signing.service';
import type { StoredContent } from './consent-request.mapper';
import { receiptFileName } from './evidence.service';
import type { SigningLinkService } from './signing-link.service';
import { audit, mask, signerOf, type ClientMeta, type ReceiptView, type SigningView } from './signing.model';
import { textHash, validityText } from './template.render';

/** What the signer sees through a link: the signing page, the receipt and its PDF, and the request's thumbnails. */
export class SigningPageService {
  constructor(
    private readonly repos: ConsentRepositories,
    private readonly uow: ConsentUnitOfWork,
    private readonly links: SigningLinkService,
    private readonly storage: FileStorage,
    private readonly assets: AssetsFacade['lookup'],
  ) {}

  /** The signing page; the first view marks the request opened. */
  async view(raw: string, meta: ClientMeta): Promise<SigningView> {
    const s = await this.links.resolve(raw);
    if (s.state !== 'open') return s;
    let r = s.request;
    if (r.status !== 'opened') {
      const now = new Date();
      const first = await this.uow.run(async (repos) => {
        if (!(await repos.consentRequests.transition(r.tenantId, r.id, ['created', 'sent', 'delivered'], { status: 'opened', openedAt: r.openedAt ?? now }))) return false;
        await repos.audit.append({ ...audit(r, meta), action: 'consent_request.opened', entityType: 'consent_request', entityId: r.id, before: { status: r.status }, after: { status: 'opened' } });
        return true;
      });
      if (first) r = { ...r, status: 'opened', openedAt: r.openedAt ?? now };
    }
    const content = r.content as unknown as StoredContent;
    const otp = await this.repos.signatures.latestOtp(r.id);
    const now = Date.now();
    return {
      state: 'open',
      requestId: r.id,
      org: r.tenant.name,
      locale: content.locale,
      recipient: r.recipient as 'subject' | 'guardian',
      subjectName: personDisplayName(r.person),
      signer: signerOf(r),
      editable: r.templateVersion.editableFields as ConsentEditableField[],
      texts: content.texts,
      hashes: { sv: textHash('sv', content.texts.sv), en: textHash('en', content.texts.en) },
      channels: r.channels as string[],
      validity: { sv: validityText(r, 'sv'), en: validityText(r, 'en') },
      methods: await this.links.methodsOf(r),
      assetIds: r.assetIds as string[],
      expiresAt: r.expiresAt,
      code:
        otp && !otp.verifiedAt
          ? {
              channel: otp.channel as 'sms' | 'email',
              to: mask(otp.destination, otp.channel === 'sms' ? 'phone' : 'email'),
              attemptsLeft: Math.max(0, OTP_MAX_ATTEMPTS - otp.attempts),
              locked: otp.lockedAt !== null,
              expired: otp.expiresAt.getTime() <= now,
            }
          : null,
    };
  }

  async receipt(raw: string): Promise<ReceiptView | { state: 'invalid' }> {
    const x = await this.links.receipt(raw);
    if (!x) return { state: 'invalid' };
    const { texts } = x.r.content as unknown as StoredContent;
    return {
      state: 'receipt',
      org: x.r.tenant.name,
      locale: x.record.locale,
      title: { sv: texts.sv.title, en: texts.en.title },
      completion: { sv: texts.sv.completionText, en: texts.en.completionText },
      signedAt: new Date(x.record.times.signedAt),
      method: x.record.method,
      signerName: x.record.signer.name,
      withdrawnAt: x.agreement.withdrawnAt,
      assetIds: x.record.assets,
    };
  }

  async receiptPdf(raw: string, meta: ClientMeta): Promise<{ bytes: Uint8Array; fileName: string } | null> {
    const x = await this.links.receipt(raw);
    if (!x) return null;
    await this.uow.run((repos) => repos.audit.append({ ...audit(x.r, meta), action: 'consent_request.receipt_downloaded', entityType: 'consent_request', entityId: x.r.id, after: { agreementId: x.agreement.id, by: 'signer' } }));
    return { bytes: x.evidence.receipt, fileName: receiptFileName(x.record) };
  }

  /** A thumbnail of a file the request names, through the link (sign or receipt), never the admin API. */
  async thumbnail(raw: string, assetId: string, purpose: 'sign' | 'receipt'): Promise<string | null> {
    let request: { tenantId: string; assetIds: unknown } | null = null;
    if (purpose === 'sign') {
      const s = await this.links.resolve(raw);
      if (s.state === 'open') request = s.request;
    } else {
      const x = await this.links.receipt(raw);
      if (x) request = x.r;
    }
    if (!request || !(request.assetIds as string[]).includes(assetId)) return null;
    const asset = await this.assets.asset(request.tenantId, assetId);
    if (!asset || asset.kind !== 'image') return null;
    const key = `${asset.storageKey}/thumbnail.webp`;
    return this.storage.exists(key) ? this.storage.pathOf(key) : null;
  }
}

import { agreementEndsConsent } from '@likeness/shared';
import type { Logger } from 'pino';
import type { Mailer } from '../../kernel/ports';
import { personDisplayName } from '../../kernel/person-name';
import type { StatusRepositories } from './status.repositories';
import type { TenantSettingsSource } from '../../kernel/tenant-settings';
import { toConsentSubject } from '../../kernel/consent-subject';

const DAY = 86_400_000;


function emailText(locale: string, d: { personName: string; validUntil: string; channels: string[] }) {
  const date = d.validUntil.slice(0, 10);
  return locale === 'en'
    ? { subject: `Consent ends ${date}: ${d.personName}`, text: `The agreement of ${d.personName} (${d.channels.join(', ')}) ends on ${date}. Files that rely on it will be hidden then unless it is renewed.` }
    : { subject: `Samtycke upphör ${date}: ${d.personName}`, text: `Avtalet för ${d.personName} (${d.channels.join(', ')}) upphör ${date}. Filer som vilar på det döljs då om det inte förnyas.` };
}

/**
 * Notifies the tenant's chosen roles when an agreement enters its warning window and its end is the end of
 * the person's consent (a renewal that carries it on needs no warning): once per agreement and end date
 * (a changed date re-arms it).
 */
export class WarningNotifier {
  constructor(
    private readonly repos: StatusRepositories,
    private readonly settingsSource: TenantSettingsSource,
    private readonly mailer: Mailer | null,
    private readonly logger: Logger,
  ) {}

  /** Creates due notifications and returns when the next agreement enters its window. */
  async run(now = new Date()): Promise<Date | null> {
    let next: Date | null = null;
    for (const tenantId of await this.repos.notifications.tenantIds()) {
      const settings = await this.settingsSource.get(tenantId);
      if (settings.warningLeadDays <= 0) continue;
      const lead = settings.warningLeadDays * DAY;
      const windowEnd = new Date(now.getTime() + lead);
      const entering = await this.repos.notifications.enteringWindow(tenantId, now, windowEnd);
      const known = await this.repos.notifications.existingKeys(tenantId, entering.map((a) => a.id));
      for (const a of entering) {
        const windowKey = a.validUntil!.toISOString();
        if (known.has(`${a.id}|${windowKey}`)) continue;
        const agreement = { ...a, channels: a.channels as string[], signedBy: a.signedBy as 'subject' | 'guardian' };
        if (a.person.deceased || !agreementEndsConsent(agreement, toConsentSubject({ id: a.personId, ...a.person }), settings)) continue;
        await this.repos.notifications.createOnce({
            tenantId,
            kind: 'agreement.expiring',
            agreementId: a.id,
            personId: a.personId,
            windowKey,
            data: { personName: personDisplayName(a.person), validUntil: windowKey, channels: a.channels },
        });
      }
      const entry = await this.repos.notifications.nextWindowEntry(tenantId, windowEnd);
      const at = entry ? new Date(entry.getTime() - lead) : null;
      if (at && (!next || at < next)) next = at;
    }
    if (this.mailer) await this.sendEmails();
    return next;
  }

  private async sendEmails(): Promise<void> {
    for (const n of await this.repos.notifications.unemailed(100)) {
      const roles = (await this.settingsSource.get(n.tenantId)).warningRecipients;
      const data = n.data as { personName: string; validUntil: string; channels: string[] };
      try {
        for (const user of await this.repos.notifications.recipients(n.tenantId, roles)) {
          const { subject, text } = emailText(user.locale, data);
          await this.mailer!.send({ to: user.email, subject, text });
        }
        await this.repos.notifications.markEmailed(n.tenantId, n.id, new Date());
      } catch (err) {
        this.logger.warn({ err, notification: n.id }, 'warning email failed; will retry');
        return;
      }
    }
  }
}

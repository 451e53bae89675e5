import type { DbOrTx } from '../../db/prisma.client';

/** An organisation's consent settings (Twilio account, link validity, reminders). */
export class ConsentSettingsRepository {
  constructor(private readonly db: DbOrTx) {}

  settings(tenantId: string) {
    return this.db.consentSettings.findUnique({ where: { tenantId } });
  }

  saveSettings(
    tenantId: string,
    data: Partial<{ twilioAccountSid: string | null; twilioAuthToken: string | null; twilioFrom: string | null; linkValidityDays: number; reminderAfterDays: number | null }>,
  ) {
    return this.db.consentSettings.upsert({ where: { tenantId }, create: { tenantId, ...data }, update: data });
  }

  /** Every organisation's stored Twilio token: only for re-encrypting them at start or after a key rotation. */
  allTwilioTokens() {
    return this.db.consentSettings.findMany({ where: { twilioAuthToken: { not: null } }, select: { tenantId: true, twilioAuthToken: true } });
  }

  replaceTwilioToken(tenantId: string, from: string, to: string) {
    return this.db.consentSettings.updateMany({ where: { tenantId, twilioAuthToken: from }, data: { twilioAuthToken: to } });
  }
}

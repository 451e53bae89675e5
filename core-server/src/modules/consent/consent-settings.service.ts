import type { ConsentSettingsDto, ConsentSettingsUpdate } from '@likeness/shared';
import type { BankIdConfig } from '../../kernel/config';
import { auditMeta, type RequestContext } from '../../kernel/request-context';
import type { ConsentRepositories, ConsentUnitOfWork } from './consent.repositories';
import type { SecretBox } from '../../kernel/secret-box';

/** The purpose a Twilio auth token is sealed under. */
export const TWILIO_TOKEN = 'twilio.authToken';

type Row = Awaited<ReturnType<ConsentRepositories['consentSettings']['settings']>>;

/** Per-organisation messaging settings. The Twilio auth token is stored for sending and checking callbacks, never returned. */
export class ConsentSettingsService {
  constructor(
    private readonly repos: ConsentRepositories,
    private readonly uow: ConsentUnitOfWork,
    private readonly smtp: boolean,
    private readonly bankid: BankIdConfig | null,
    private readonly devOutbox = false,
    private readonly secrets: SecretBox | null = null,
  ) {}

  private dto(row: Row): ConsentSettingsDto {
    const twilio = !!(row?.twilioAccountSid && row.twilioAuthToken && row.twilioFrom);
    return {
      sms: {
        provider: twilio ? 'twilio' : this.devOutbox ? 'outbox' : 'none',
        twilioAccountSid: row?.twilioAccountSid ?? null,
        twilioFrom: row?.twilioFrom ?? null,
        twilioAuthTokenSet: !!row?.twilioAuthToken,
      },
      email: { provider: this.smtp ? 'smtp' : this.devOutbox ? 'outbox' : 'none' },
      bankid: { enabled: this.bankid !== null, environment: this.bankid?.environment ?? null },
      linkValidityDays: row?.linkValidityDays ?? 14,
      reminderAfterDays: row?.reminderAfterDays ?? null,
    };
  }

  async get(ctx: RequestContext): Promise<ConsentSettingsDto> {
    return this.dto(await this.repos.consentSettings.settings(ctx.tenantId));
  }

  async update(ctx: RequestContext, input: ConsentSettingsUpdate): Promise<ConsentSettingsDto> {
    return this.uow.run(async (repos) => {
      const before = this.dto(await repos.consentSettings.settings(ctx.tenantId));
      // The token is stored sealed with the application key; the audit row below only says it changed.
      const token = input.twilioAuthToken && this.secrets ? this.secrets.seal(input.twilioAuthToken, TWILIO_TOKEN) : input.twilioAuthToken;
      const row = await repos.consentSettings.saveSettings(ctx.tenantId, { ...input, ...(token !== undefined ? { twilioAuthToken: token } : {}) });
      const after = this.dto(row);
      // The audit row says whether a token was set or cleared, never the token.
      await repos.audit.append({
        ...auditMeta(ctx),
        action: 'consent_settings.updated',
        entityType: 'consent_settings',
        entityId: ctx.tenantId,
        before,
        after: { ...after, ...(input.twilioAuthToken !== undefined ? { twilioAuthTokenChanged: true } : {}) },
      });
      return after;
    });
  }
}

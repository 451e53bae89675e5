import type { Logger } from 'pino';
import type { AppConfig } from '../../kernel/config';
import type { Module } from '../../kernel/module';
import type { PersistenceErrors } from '../../kernel/errors';
import type { JobQueue, Mailer, RateCounter } from '../../kernel/ports';
import type { ConsentRepositories, ConsentUnitOfWork } from './consent.repositories';
import type { RegisterFacade } from '../register';
import type { AssetsFacade } from '../assets';
import type { TenantSettingsSource } from '../../kernel/tenant-settings';
import type { FileStorage } from '../../storage/file.storage';
import { BankIdSigningService } from './bankid-signing.service';
import { BankIdClient, connectionFromConfig } from './bankid.client';
import { CodeSigningService } from './code-signing.service';
import { ConsentRequestService } from './consent-request.service';
import { CorrectionReviewService } from './correction-review.service';
import { ConsentSettingsService, TWILIO_TOKEN } from './consent-settings.service';
import { ConsentEvidenceService } from './evidence.service';
import { ConsentMessenger } from './messenger';
import { SignatureCompletionService } from './signature-completion.service';
import { SigningLinkService } from './signing-link.service';
import { SigningPageService } from './signing-page.service';
import { SigningRefusalService } from './signing-refusal.service';
import { ConsentTemplateService } from './template.service';
import { consentRoutes } from './consent.controller';
import { signingRoutes } from './signing.controller';
import type { PublicUrls } from '../../kernel/public-url';
import type { SecretBox } from '../../kernel/secret-box';
import { ConsentSubjectData } from './consent.subject-data';

export interface ConsentDeps {
  repos: ConsentRepositories;
  uow: ConsentUnitOfWork;
  config: AppConfig;
  jobs: JobQueue;
  mailer: Mailer | null;
  /** Throttles BankID order starts per link and per address (shared by every node with Redis). */
  rates: RateCounter;
  errors: PersistenceErrors;
  /** The register's one withdrawal rule, used by the receipt link. */
  withdrawal: RegisterFacade['withdrawal'];
  /** The persons and agreements a request and a signature read and write (the register's rows). */
  register: RegisterFacade['signer'];
  /** The files a request names (the assets module's rows). */
  assets: AssetsFacade['lookup'];
  storage: FileStorage;
  settingsCache: TenantSettingsSource;
  logger: Logger;
  /** Absolute addresses for links sent to people: from configuration, never from a request. */
  urls: PublicUrls;
  /** Twilio auth tokens are stored sealed with the application key. */
  secrets: SecretBox;
}

/** Digital consent: templates, requests by SMS/email, the signing page with BankID or a code, evidence and receipts. */
function buildFacade(d: ConsentDeps) {
  const { repos, uow, config, logger } = d;
  const infra = { jobs: d.jobs, mailer: d.mailer };
  let client: BankIdClient | null = null;
  // The client is made on first use: a simulator started after the server is still found.
  const bankid = (): BankIdClient | null => {
    if (client || !config.bankid) return client;
    try {
      client = new BankIdClient(connectionFromConfig(config.bankid));
    } catch (err) {
      logger.error({ err }, 'BankID is configured but cannot be used');
    }
    return client;
  };

  const messenger = new ConsentMessenger(repos, uow, infra.jobs, infra.mailer, config.twilioBaseUrl, logger, config.devOutbox, (t) => d.secrets.open(t, TWILIO_TOKEN));
  const providers = async (tenantId: string) => {
    const s = await repos.consentSettings.settings(tenantId);
    return { sms: config.devOutbox || !!(s?.twilioAccountSid && s.twilioAuthToken && s.twilioFrom), email: config.devOutbox || infra.mailer !== null };
  };
  const templates = new ConsentTemplateService(repos, uow, d.settingsCache, d.register);
  const requests = new ConsentRequestService(repos, uow, d.settingsCache, d.register, d.assets, messenger, () => d.urls.signing(), config.bankid !== null, providers, config.devOutbox);
  const links = new SigningLinkService(repos, uow, requests, bankid, providers, d.register);
  const completion = new SignatureCompletionService(uow, d.register, messenger);
  const signing = {
    page: new SigningPageService(repos, uow, links, d.storage, d.assets),
    codes: new CodeSigningService(repos, uow, messenger, links, completion),
    bankId: new BankIdSigningService(repos, uow, links, completion, bankid, d.rates, logger),
    refusals: new SigningRefusalService(repos, uow, d.withdrawal, links, bankid),
  };
  const evidence = new ConsentEvidenceService(repos);
  const settings = new ConsentSettingsService(repos, uow, infra.mailer !== null, config.bankid, config.devOutbox, d.secrets);

  // Expiry, reminders and stalled messages: a periodic sweep, once per time slot across nodes.
  const interval = Math.min(Math.max(config.reconcileMs, 1000), 60_000);
  const schedule = () => {
    const slot = Math.floor(Date.now() / interval) + 1;
    void infra.jobs.add('consent.sweep', { slot }, { delayMs: slot * interval - Date.now(), jobId: `consent-sweep-${slot}` });
  };
  infra.jobs.process('consent.sweep', async () => {
    try {
      await requests.sweep();
      await messenger.retryStalled();
    } catch (err) {
      logger.error({ err }, 'consent sweep failed');
    } finally {
      schedule();
    }
  });
  schedule();

  /** Seals plaintext tokens and moves tokens sealed with an older key to the current one (start-up, rotation). */
  const resealSecrets = async (): Promise<number> => {
    let n = 0;
    for (const row of await repos.consentSettings.allTwilioTokens()) {
      const next = d.secrets.reseal(row.twilioAuthToken!, TWILIO_TOKEN);
      if (next) n += (await repos.consentSettings.replaceTwilioToken(row.tenantId, row.twilioAuthToken!, next)).count;
    }
    return n;
  };

  const corrections = new CorrectionReviewService(repos, uow, d.register);

  const subjectData = new ConsentSubjectData(repos);
  return { templates, requests, corrections, signing, evidence, settings, messenger, bankid, storage: d.storage, resealSecrets, subjectData };
}

export type ConsentFacade = ReturnType<typeof buildFacade>;
export { consentRepositories } from './consent.repositories';

export function createConsentModule(d: ConsentDeps): Module<ConsentFacade> {
  const facade = buildFacade(d);
  return {
    facade,
    routes: consentRoutes(facade),
    routers: async () => [signingRoutes(facade, d.errors, d.logger)],
  };
}

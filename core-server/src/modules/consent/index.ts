import type { Logger } from 'pino';
import type { AppConfig } from '../config';
import type { Infrastructure } from '../container';
import type { Repositories, UnitOfWork } from '../repositories';
import type { StatusEffects } from '../services/status-effects';
import type { TenantSettingsCache } from '../services/tenant-settings.cache';
import type { FileStorage } from '../storage/file.storage';
import { BankIdSigningService } from './bankid-signing.service';
import { BankIdClient, connectionFromConfig } from './bankid.client';
import { CodeSigningService } from './code-signing.service';
import { ConsentRequestService } from './consent-request.service';
import { ConsentSettingsService } from './consent-settings.service';
import { ConsentEvidenceService } from './evidence.service';
import { ConsentMessenger } from './messenger';
import { SignatureCompletionService } from './signature-completion.service';
import { SigningLinkService } from './signing-link.service';
import { SigningPageService } from './signing-page.service';
import { SigningRefusalService } from './signing-refusal.service';
import { ConsentTemplateService } from './template.service';

export interface ConsentDeps {
  repos: Repositories;
  uow: UnitOfWork;
  config: AppConfig;
  infra: Infrastructure;
  effects: StatusEffects;
  storage: FileStorage;
  settingsCache: TenantSettingsCache;
  logger: Logger;
}

/** Digital consent: templates, requests by SMS/email, the signing page with BankID or a code, evidence and receipts. */
export function createConsentModule(d: ConsentDeps) {
  const { repos, uow, config, infra, logger } = d;
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

  const messenger = new ConsentMessenger(repos, uow, infra.jobs, infra.mailer, config.twilioBaseUrl, logger);
  const templates = new ConsentTemplateService(repos, uow, d.settingsCache);
  const requests = new ConsentRequestService(repos, uow, d.settingsCache, messenger, config.signingBaseUrl, config.bankid !== null);
  const links = new SigningLinkService(repos, uow, requests, bankid);
  const completion = new SignatureCompletionService(uow, d.effects, messenger);
  const signing = {
    page: new SigningPageService(repos, uow, links, d.storage),
    codes: new CodeSigningService(repos, uow, messenger, links, completion),
    bankId: new BankIdSigningService(repos, uow, links, completion, bankid, logger),
    refusals: new SigningRefusalService(repos, uow, d.effects, links, bankid),
  };
  const evidence = new ConsentEvidenceService(repos);
  const settings = new ConsentSettingsService(repos, uow, infra.mailer !== null, config.bankid);

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

  return { templates, requests, signing, evidence, settings, messenger, bankid };
}

export type ConsentModule = ReturnType<typeof createConsentModule>;

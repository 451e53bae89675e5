import { apiKeyContract, authContract, roleContract, sessionContract, userContract } from './auth.contract';
import { assetContract, boxContract, statusContract, usageContract } from './asset.contract';
import { auditContract, healthContract, settingsContract } from './admin.contract';
import type { AnyOperation } from './operation';
import { eventContract, notificationContract, webhookContract } from './live.contract';
import { faceContract } from './face.contract';
import { documentContract } from './document.contract';
import { agreementContract, personContract } from './register.contract';
import { subjectExportContract } from './privacy.contract';
import { personImportContract } from './import.contract';
import { consentEvidenceContract, consentRequestContract, consentSettingsContract, consentTemplateContract } from './consent.contract';

export * from './operation';
export { apiKeyContract, authContract, roleContract, sessionContract, userContract, assetContract, boxContract, statusContract, usageContract };
export { auditContract, healthContract, settingsContract, agreementContract, personContract, subjectExportContract, personImportContract };
export { eventContract, notificationContract, webhookContract };
export { faceContract };
export { documentContract };
export * from './document.contract';
export { consentEvidenceContract, consentRequestContract, consentSettingsContract, consentTemplateContract };

/** Every operation of the REST API, in documentation order. */
export const apiContract = {
  health: healthContract,
  auth: authContract,
  users: userContract,
  roles: roleContract,
  sessions: sessionContract,
  apiKeys: apiKeyContract,
  settings: settingsContract,
  persons: personContract,
  agreements: agreementContract,
  subjectExports: subjectExportContract,
  personImports: personImportContract,
  assets: assetContract,
  boxes: boxContract,
  faces: faceContract,
  status: statusContract,
  usages: usageContract,
  events: eventContract,
  webhooks: webhookContract,
  notifications: notificationContract,
  consentTemplates: consentTemplateContract,
  consentRequests: consentRequestContract,
  consentSettings: consentSettingsContract,
  consentEvidence: consentEvidenceContract,
  documents: documentContract,
  audit: auditContract,
};

export const allOperations: AnyOperation[] = Object.values(apiContract).flatMap((group) => Object.values(group) as AnyOperation[]);

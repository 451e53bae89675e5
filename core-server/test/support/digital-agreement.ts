import type { AgreementCreate } from '@likeness/shared';
import { systemContext } from '../../src/kernel/request-context';
import type { TestServer } from './test-server';

/**
 * A `digital` agreement as the signing flow's completion makes one (the server itself), for tests about
 * what happens after a signature. Staff cannot record one over the API (digital_requires_signature).
 */
export function digitalAgreement(server: TestServer, tenantId: string, personId: string, terms: Omit<AgreementCreate, 'kind' | 'signedBy'> & { signedBy?: AgreementCreate['signedBy'] }) {
  const ctx = systemContext(tenantId, { type: 'system', id: null, label: 'signing (test)' });
  return server.services.agreements.create(ctx, personId, { kind: 'digital', signedBy: 'subject', ...terms });
}

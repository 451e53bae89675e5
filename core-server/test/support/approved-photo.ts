import { unwrap } from '@likeness/sdk';
import { inDays } from './live';
import { readPhoto, upload } from './media';
import type { TestOrg, TestServer } from './test-server';

/**
 * A fixture photo approved in `channels`: uploaded by the editor, basis consent, one person in a box and a
 * written agreement of that person for those channels (valid from yesterday for `validDays`).
 */
export async function approvedPhoto(server: TestServer, org: TestOrg, name: string, channels: string[], validDays = 300) {
  const admin = org.as['gdpr-admin'];
  const up = await upload(server.url, '/api/v1/assets', org.cookies.editor, readPhoto(name), { title: `Photo ${name}` });
  const assetId: string = up.body.id;
  await unwrap(admin.PUT('/api/v1/assets/{id}/basis', { params: { path: { id: assetId } }, body: { basis: 'consent' } }));
  const person = await unwrap(admin.POST('/api/v1/persons', { body: { name: `Person ${name}` } }));
  await unwrap(admin.POST('/api/v1/assets/{id}/boxes', { params: { path: { id: assetId } }, body: { x: 0.1, y: 0.1, w: 0.5, h: 0.5, personId: person.id } }));
  const agreement = await unwrap(
    admin.POST('/api/v1/persons/{id}/agreements', {
      params: { path: { id: person.id } },
      body: { kind: 'written', channels, validFrom: inDays(-1), validUntil: inDays(validDays) },
    }),
  );
  return { assetId, agreementId: agreement.id as string, personId: person.id };
}

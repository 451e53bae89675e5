import { expect } from 'vitest';
import { unwrap } from '@likeness/sdk';
import { codeIn, configureTwilio, createTemplate, fakeTwilio, hiddenFields, linkIn, photoOfPerson, postForm } from './consent';
import type { TestOrg, TestServer } from './test-server';

type Twilio = Awaited<ReturnType<typeof fakeTwilio>>;

/**
 * A real digital signature by SMS code, through the signing pages: a person in a photo, a request,
 * the code from the (local) Twilio, and the signed agreement with its sealed evidence.
 */
export async function signedByCode(server: TestServer, org: TestOrg, twilio: Twilio, phone: string, name = 'Signerad Person') {
  const admin = org.as['gdpr-admin'];
  await configureTwilio(org);
  const templateId = (await createTemplate(org, { methods: ['sms_code'] })).id;
  const { assetId, personId } = await photoOfPerson(server.url, org, { name, phone });
  await unwrap(admin.POST('/api/v1/consent/requests', { body: { personId, templateId, assetIds: [assetId], via: ['sms'] } as never }));
  const link = linkIn((await twilio.waitFor((m) => m.to === phone && m.body.includes('/sign/'))).body);
  const fields = hiddenFields(await (await fetch(link)).text());
  const before = twilio.messages.length;
  expect((await postForm(`${link}/code?lang=sv`, { ...fields, channel: 'sms' })).status).toBe(303);
  const sms = await twilio.waitFor((m) => m.to === phone && m.body.includes('är din kod') && twilio.messages.indexOf(m) >= before);
  expect((await postForm(`${link}/code/verify?lang=sv`, { ...fields, code: codeIn(sms.body), channel: 'sms' })).status).toBe(303);
  const agreement = (await unwrap(admin.GET('/api/v1/persons/{id}/agreements', { params: { path: { id: personId } } }))).items[0]!;
  return { assetId, personId, agreement };
}

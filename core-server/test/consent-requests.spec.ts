import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unwrap } from '@likeness/sdk';
import { TEMPLATE, TWILIO_SID, codeIn, createTemplate, fakeTwilio, hiddenFields, linkIn, photoOfPerson, postForm } from './support/consent';
import { createOrg, startTestServer, type TestOrg, type TestServer } from './support/test-server';

const yearsAgo = (n: number) => new Date(Date.now() - n * 365.25 * 86_400_000).toISOString().slice(0, 10);

describe('consent templates, requests, bulk sends, the dev outbox and settings', () => {
  let server: TestServer;
  let org: TestOrg;
  let twilio: Awaited<ReturnType<typeof fakeTwilio>>;

  beforeAll(async () => {
    twilio = await fakeTwilio();
    server = await startTestServer({ twilioBaseUrl: twilio.url });
    org = await createOrg(server, 'requests');
  });
  afterAll(async () => {
    await server?.stop();
    await twilio?.close();
  });
  const admin = () => org.as['gdpr-admin'];

  /** Without Twilio or SMTP, messages stay in the dev outbox; this reads the link from there. */
  async function outboxLink(requestId: string, kind = 'invite') {
    let body = '';
    await expect
      .poll(async () => {
        const page = await unwrap(admin().GET('/api/v1/consent/outbox', { params: { query: { requestId } } }));
        body = page.items.find((m) => m.kind === kind)?.body ?? '';
        return body;
      })
      .not.toBe('');
    return body;
  }

  it('templates are validated, versioned, written only by those who may change settings, and archived', async () => {
    const unknownVar = await admin().POST('/api/v1/consent/templates', { body: { ...TEMPLATE, texts: { ...TEMPLATE.texts, sv: { ...TEMPLATE.texts.sv, body: 'Hej {{person.nmae}}' } } } as never });
    expect(unknownVar.response.status).toBe(400);
    expect((unknownVar.error as { error: { message: string } }).error.message).toBe('Unknown variable {{person.nmae}} in the Swedish text.');
    const unknownChannel = await admin().POST('/api/v1/consent/templates', { body: { ...TEMPLATE, channels: ['tv'] } as never });
    expect(unknownChannel.response.status).toBe(422);
    const missingEnglish = await admin().POST('/api/v1/consent/templates', { body: { ...TEMPLATE, texts: { sv: TEMPLATE.texts.sv } } as never });
    expect(missingEnglish.response.status).toBe(400);
    expect((await org.as.editor.POST('/api/v1/consent/templates', { body: TEMPLATE as never })).response.status).toBe(403);

    const v1 = await createTemplate(org);
    expect(v1).toMatchObject({ version: 1, archived: false, validityDays: 730, methods: ['bankid', 'sms_code', 'email_code'], editableFields: ['name', 'email'] });
    const v2 = await unwrap(admin().PUT('/api/v1/consent/templates/{id}', { params: { path: { id: v1.id } }, body: { ...TEMPLATE, validityDays: 365, texts: { ...TEMPLATE.texts, sv: { ...TEMPLATE.texts.sv, title: 'Nytt samtycke' } } } as never }));
    expect(v2).toMatchObject({ id: v1.id, version: 2, validityDays: 365 });
    expect(v2.versionId).not.toBe(v1.versionId);
    const versions = await unwrap(admin().GET('/api/v1/consent/templates/{id}/versions', { params: { path: { id: v1.id } } }));
    expect(versions.items.map((v) => [v.version, v.texts.sv.title])).toEqual([[2, 'Nytt samtycke'], [1, TEMPLATE.texts.sv.title]]);
    // Everyone who may read persons may read templates.
    expect((await unwrap(org.as.viewer.GET('/api/v1/consent/templates'))).items.some((t) => t.id === v1.id)).toBe(true);

    const preview = await unwrap(admin().POST('/api/v1/consent/templates/{id}/preview', { params: { path: { id: v1.id } }, body: { locale: 'en', session: 'Sports day' } }));
    expect(preview.title).toBe('Consent to pictures from Sports day');
    expect(preview.html).toContain('<h3>Where the pictures are used</h3>');
    expect(preview.html).toContain('1 year from signing');
    expect(preview.textHash).toMatch(/^[0-9a-f]{64}$/);

    const archived = await unwrap(admin().DELETE('/api/v1/consent/templates/{id}', { params: { path: { id: v1.id } } }));
    expect(archived.archived).toBe(true);
    const { personId } = await photoOfPerson(server.url, org, { name: 'Arkiv Person', phone: '+46700000010' });
    const refused = await admin().POST('/api/v1/consent/requests', { body: { personId, templateId: v1.id, via: ['sms'] } });
    expect(refused.response.status).toBe(409);
    const audit = await unwrap(org.as.owner.GET('/api/v1/audit', { params: { query: { entityId: v1.id } } }));
    expect(audit.items.map((e) => e.action).reverse()).toEqual(['consent_template.created', 'consent_template.updated', 'consent_template.archived']);
  });

  it('a signed agreement points to the exact template version and text it was signed with', async () => {
    const t = await createTemplate(org, { name: 'Versioned', methods: ['sms_code'] });
    const { personId } = await photoOfPerson(server.url, org, { name: 'Version Person', phone: '+46700000011' }, 'audrey_crop.jpg');
    const request = await unwrap(admin().POST('/api/v1/consent/requests', { body: { personId, templateId: t.id, via: ['sms'] } }));
    // The template changes after the request was sent.
    await unwrap(admin().PUT('/api/v1/consent/templates/{id}', { params: { path: { id: t.id } }, body: { ...TEMPLATE, name: 'Versioned', methods: ['sms_code'], texts: { ...TEMPLATE.texts, sv: { ...TEMPLATE.texts.sv, body: 'En helt annan text.' } } } as never }));
    const link = linkIn(await outboxLink(request.id));
    const html = await (await fetch(link)).text();
    expect(html).not.toContain('En helt annan text.');
    const fields = hiddenFields(html);
    await postForm(`${link}/code`, { ...fields, channel: 'sms' });
    const code = codeIn(await outboxLink(request.id, 'code'));
    expect((await postForm(`${link}/code/verify`, { ...fields, channel: 'sms', code })).status).toBe(303);
    const signed = await unwrap(admin().GET('/api/v1/consent/requests/{id}', { params: { path: { id: request.id } } }));
    const evidence = await unwrap(admin().GET('/api/v1/agreements/{id}/evidence', { params: { path: { id: signed.agreementId! } } }));
    expect(evidence.templateVersionId).toBe(t.versionId);
    expect(evidence.record).toMatchObject({ template: { version: 1 }, textHash: fields.textHash });
    expect(evidence.record.text).toContain('Jag, **Version Person**, samtycker');
  });

  it('the dev outbox keeps messages when nothing is configured; with Twilio, links are redacted; the token is never returned', async () => {
    let settings = await unwrap(admin().GET('/api/v1/consent/settings'));
    expect(settings).toEqual({
      sms: { provider: 'outbox', twilioAccountSid: null, twilioFrom: null, twilioAuthTokenSet: false },
      email: { provider: 'outbox' },
      bankid: { enabled: false, environment: null },
      linkValidityDays: 14,
      reminderAfterDays: null,
    });
    const t = await createTemplate(org, { name: 'Outbox', methods: ['sms_code', 'email_code'] });
    const { personId } = await photoOfPerson(server.url, org, { name: 'Outbox Person', phone: '+46700000012', email: 'outbox@example.se' }, 'bieber_small.jpg');
    const r = await unwrap(admin().POST('/api/v1/consent/requests', { body: { personId, templateId: t.id, via: ['sms', 'email'] } }));
    const page = await unwrap(admin().GET('/api/v1/consent/outbox', { params: { query: { requestId: r.id } } }));
    await expect.poll(async () => (await unwrap(admin().GET('/api/v1/consent/outbox', { params: { query: { requestId: r.id } } }))).items.map((m) => [m.channel, m.provider, m.status]).sort()).toEqual([
      ['email', 'outbox', 'sent'],
      ['sms', 'outbox', 'sent'],
    ]);
    expect(page.items.every((m) => /\/sign\/[A-Za-z0-9_-]{43}/.test(m.body))).toBe(true);
    expect((await org.as.viewer.GET('/api/v1/consent/outbox', {})).response.status).toBe(403);
    expect(twilio.messages.filter((m) => m.to === '+46700000012')).toHaveLength(0);

    settings = await unwrap(admin().PATCH('/api/v1/consent/settings', { body: { twilioAccountSid: TWILIO_SID, twilioAuthToken: 'test-auth-token-0123456789abcdef', twilioFrom: 'Likeness', linkValidityDays: 7, reminderAfterDays: 3 } }));
    expect(settings.sms).toEqual({ provider: 'twilio', twilioAccountSid: TWILIO_SID, twilioFrom: 'Likeness', twilioAuthTokenSet: true });
    expect(JSON.stringify(settings)).not.toContain('test-auth-token');
    expect(JSON.stringify(await unwrap(org.as.viewer.GET('/api/v1/consent/settings')))).not.toContain('test-auth-token');
    const audit = await unwrap(org.as.owner.GET('/api/v1/audit', { params: { query: { action: 'consent_settings.updated' } } }));
    expect(JSON.stringify(audit.items)).not.toContain('test-auth-token');
    const bad = await admin().PATCH('/api/v1/consent/settings', { body: { twilioAccountSid: 'XX123' } });
    expect(bad.response.status).toBe(400);

    const r2 = await unwrap(admin().POST('/api/v1/consent/requests', { body: { personId, templateId: t.id, via: ['sms'] } }));
    expect(Date.parse(r2.expiresAt) - Date.parse(r2.createdAt)).toBeGreaterThan(7 * 86_400_000 - 5000);
    expect(Date.parse(r2.remindAt!) - Date.parse(r2.createdAt)).toBeLessThan(3 * 86_400_000 + 5000);
    const sms = await twilio.waitFor((m) => m.to === '+46700000012');
    expect(sms.from).toBe('Likeness');
    await expect.poll(async () => (await server.services.db.consentMessage.findFirstOrThrow({ where: { requestId: r2.id } })).body).toMatch(/\/sign\/\[redacted\]/);
    // Twilio's messages are not in the dev outbox.
    expect((await unwrap(admin().GET('/api/v1/consent/outbox', { params: { query: { requestId: r2.id } } }))).items).toEqual([]);
    await unwrap(admin().PATCH('/api/v1/consent/settings', { body: { twilioAccountSid: null, twilioAuthToken: null, twilioFrom: null, reminderAfterDays: null, linkValidityDays: 14 } }));
  });

  it('refuses requests that cannot reach the person or do not fit the template', async () => {
    const t = await createTemplate(org, { name: 'Checks', methods: ['sms_code'], editableText: false });
    const { personId, assetId } = await photoOfPerson(server.url, org, { name: 'Ingen Telefon', email: 'ingen@example.se' }, 'cage2_crop.jpg');
    const noPhone = await admin().POST('/api/v1/consent/requests', { body: { personId, templateId: t.id, via: ['sms'] } });
    expect(noPhone.response.status).toBe(400);
    expect((noPhone.error as { error: { message: string } }).error.message).toBe('The person has no mobile number.');
    // Email works for sending, but the template only signs with an SMS code, which this person cannot get.
    const noMethod = await admin().POST('/api/v1/consent/requests', { body: { personId, templateId: t.id, via: ['email'] } });
    expect((noMethod.error as { error: { message: string } }).error.message).toBe("None of the template's signing methods can be used for this person.");
    const { personId: other, assetId: otherAsset } = await photoOfPerson(server.url, org, { name: 'Annan Person', phone: '+46700000013' }, 'chuck_crop.jpg');
    const wrongAsset = await admin().POST('/api/v1/consent/requests', { body: { personId: other, templateId: t.id, via: ['sms'], assetIds: [assetId] } });
    expect((wrongAsset.error as { error: { message: string } }).error.message).toBe('The person is not marked in one of the files.');
    const edited = await admin().POST('/api/v1/consent/requests', { body: { personId: other, templateId: t.id, via: ['sms'], texts: { sv: { body: 'Egen text' } } } });
    expect((edited.error as { error: { message: string } }).error.message).toBe("This template's text may not be edited.");
    const channel = await admin().POST('/api/v1/consent/requests', { body: { personId: other, templateId: t.id, via: ['sms'], channels: ['tv'] } });
    expect(channel.response.status).toBe(422);
    expect((await org.as.editor.POST('/api/v1/consent/requests', { body: { personId: other, templateId: t.id, via: ['sms'] } })).response.status).toBe(403);

    // An editable template takes an edited text for one request.
    const free = await createTemplate(org, { name: 'Editable', methods: ['sms_code'], editableText: true });
    const ok = await unwrap(admin().POST('/api/v1/consent/requests', { body: { personId: other, templateId: free.id, via: ['sms'], assetIds: [otherAsset], texts: { sv: { body: 'Särskild text för {{person.name}}.' } } } }));
    const html = await (await fetch(linkIn(await outboxLink(ok.id)))).text();
    expect(html).toContain('Särskild text för Annan Person.');
  });

  it('bulk: one template to a whole class, minors through their guardians, with progress', async () => {
    const t = await createTemplate(org, { name: 'Klass 4B', methods: ['sms_code'] });
    const pupils = [] as string[];
    for (let i = 0; i < 4; i++) {
      const p = await unwrap(
        admin().POST('/api/v1/persons', {
          body: i === 3 ? { name: 'Elev Utan Kontakt', birthDate: yearsAgo(10), guardianName: 'Förälder 3' } : { name: `Elev ${i}`, birthDate: yearsAgo(10), guardianName: `Förälder ${i}`, guardianPhone: `+4670111000${i}` },
        }),
      );
      pupils.push(p.id);
    }
    const batch = await unwrap(admin().POST('/api/v1/consent/requests/bulk', { body: { templateId: t.id, personIds: pupils, via: ['sms'], name: 'Klass 4B hösten 2026', session: 'Skolfoto 4B' } }));
    expect(batch).toMatchObject({ name: 'Klass 4B hösten 2026', total: 3, signed: 0, pending: 3, progress: 0 });
    expect(batch.skipped).toEqual([{ personId: pupils[3], reason: 'The guardian has no mobile number.' }]);
    const requests = await unwrap(admin().GET('/api/v1/consent/requests', { params: { query: { batchId: batch.id } } }));
    expect(requests.items).toHaveLength(3);
    expect(requests.items.every((r) => r.recipient === 'guardian' && r.phone?.startsWith('+4670111000'))).toBe(true);

    // One guardian signs, one declines.
    const [a, b] = requests.items;
    const linkA = linkIn(await outboxLink(a!.id));
    const fields = hiddenFields(await (await fetch(linkA)).text());
    await postForm(`${linkA}/code`, { ...fields, channel: 'sms' });
    await postForm(`${linkA}/code/verify`, { ...fields, channel: 'sms', code: codeIn(await outboxLink(a!.id, 'code')) });
    await postForm(`${linkIn(await outboxLink(b!.id))}/decline`, {});
    const progress = await unwrap(admin().GET('/api/v1/consent/batches/{id}', { params: { path: { id: batch.id } } }));
    expect(progress).toMatchObject({ total: 3, signed: 1, pending: 1, progress: 0.667 });
    expect(progress.counts).toMatchObject({ signed: 1, declined: 1 });
    expect(['created', 'sent', 'delivered', 'opened'].reduce((n, s) => n + (progress.counts[s as 'sent'] ?? 0), 0)).toBe(1);
    const signed = await unwrap(admin().GET('/api/v1/persons/{id}/agreements', { params: { path: { id: a!.personId } } }));
    expect(signed.items[0]).toMatchObject({ signedBy: 'guardian', guardianName: expect.stringMatching(/^Förälder \d$/) });
  });

  it('reminders (manual and scheduled) send a fresh link; cancelling stops every link; a failed send is recorded', async () => {
    const t = await createTemplate(org, { name: 'Remind', methods: ['sms_code'] });
    const { personId } = await photoOfPerson(server.url, org, { name: 'Glömsk Person', phone: '+46700000014' }, 'SeanConnery.jpg');
    const r = await unwrap(admin().POST('/api/v1/consent/requests', { body: { personId, templateId: t.id, via: ['sms'], remindAfterDays: 2 } }));
    const first = linkIn(await outboxLink(r.id));
    const reminded = await unwrap(admin().POST('/api/v1/consent/requests/{id}/remind', { params: { path: { id: r.id } } }));
    expect(reminded.reminders).toBe(1);
    const second = linkIn(await outboxLink(r.id, 'reminder'));
    expect(second).not.toBe(first);
    expect(await outboxLink(r.id, 'reminder')).toMatch(/^Påminnelse: /);
    expect((await fetch(first)).status).toBe(200);
    expect((await fetch(second)).status).toBe(200);

    // The scheduled reminder, when due.
    const r2 = await unwrap(admin().POST('/api/v1/consent/requests', { body: { personId, templateId: t.id, via: ['sms'], remindAfterDays: 2 } }));
    await server.services.db.consentRequest.update({ where: { id: r2.id }, data: { remindAt: new Date(Date.now() - 1000), status: 'sent' } });
    expect((await server.services.consent.requests.sweep()).reminded).toBeGreaterThanOrEqual(1);
    expect(await outboxLink(r2.id, 'reminder')).toContain('/sign/');
    expect((await server.services.consent.requests.sweep()).reminded).toBe(0);

    await unwrap(admin().POST('/api/v1/consent/requests/{id}/cancel', { params: { path: { id: r.id } }, body: {} }));
    expect((await fetch(first)).status).toBe(410);
    expect((await fetch(second)).status).toBe(410);
    expect((await admin().POST('/api/v1/consent/requests/{id}/remind', { params: { path: { id: r.id } } })).response.status).toBe(409);

    // Twilio refuses a message.
    await unwrap(admin().PATCH('/api/v1/consent/settings', { body: { twilioAccountSid: TWILIO_SID, twilioAuthToken: 'test-auth-token-0123456789abcdef', twilioFrom: '+46700000000' } }));
    // Provider texts quote the number (or address): only the provider's code is kept, in the rows and the audit log.
    twilio.failNext({ status: 400, code: 21211, message: "The 'To' number +46709876543 is not a valid phone number." });
    const r3 = await unwrap(admin().POST('/api/v1/consent/requests', { body: { personId, templateId: t.id, via: ['sms'] } }));
    await expect.poll(async () => (await unwrap(admin().GET('/api/v1/consent/requests/{id}', { params: { path: { id: r3.id } } }))).lastError, { timeout: 5000 }).toBe('sms: twilio_21211');
    const failed = await unwrap(admin().GET('/api/v1/consent/requests/{id}', { params: { path: { id: r3.id } } }));
    expect(failed.status).toBe('created');
    expect(failed.messages[0]).toMatchObject({ provider: 'twilio', status: 'failed', error: 'twilio_21211' });
    const audit = await unwrap(org.as.owner.GET('/api/v1/audit', { params: { query: { entityId: r3.id, action: 'consent_request.send_failed' } } }));
    expect(audit.items).toHaveLength(1);
    expect(audit.items[0]!.after).toMatchObject({ error: 'twilio_21211' });
    const rows = await server.services.db.auditEvent.findMany({ where: { tenantId: org.tenantId } });
    expect(JSON.stringify(rows)).not.toContain('709876543');
    expect(JSON.stringify(await server.services.db.consentMessage.findMany({ where: { tenantId: org.tenantId } }))).not.toContain('709876543');
    await unwrap(admin().PATCH('/api/v1/consent/settings', { body: { twilioAccountSid: null, twilioAuthToken: null, twilioFrom: null } }));
  });

  it('erasing a person erases their requests, evidence and receipts', async () => {
    const t = await createTemplate(org, { name: 'Erase', methods: ['sms_code'] });
    const { personId } = await photoOfPerson(server.url, org, { name: 'Raderad Person', phone: '+46700000015' }, 'franck_01829.jpg');
    const r = await unwrap(admin().POST('/api/v1/consent/requests', { body: { personId, templateId: t.id, via: ['sms'] } }));
    const link = linkIn(await outboxLink(r.id));
    const fields = hiddenFields(await (await fetch(link)).text());
    await postForm(`${link}/code`, { ...fields, channel: 'sms' });
    await postForm(`${link}/code/verify`, { ...fields, channel: 'sms', code: codeIn(await outboxLink(r.id, 'code')) });
    expect(await server.services.db.consentEvidence.count({ where: { requestId: r.id } })).toBe(1);
    await unwrap(admin().DELETE('/api/v1/persons/{id}', { params: { path: { id: personId } } }));
    expect(await server.services.db.consentRequest.count({ where: { id: r.id } })).toBe(0);
    expect(await server.services.db.consentEvidence.count({ where: { requestId: r.id } })).toBe(0);
    expect(await server.services.db.consentMessage.count({ where: { requestId: r.id } })).toBe(0);
  });
});

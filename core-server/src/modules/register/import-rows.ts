import {
  AgreementCreateSchema,
  PersonCreateSchema,
  type AgreementCreate,
  type CustomFieldDefinition,
  type ImportRowError,
  type ImportRowErrorCode,
  type PersonCreate,
  type PersonImportField,
  type PersonImportMapping,
} from '@likeness/shared';
import type { z } from 'zod';
import { normaliseHeader, parseBoolean, parseChannels, parseDateOnly, parseKind, parseNumber, parseSigner, swedishDayStart } from './import-values';

/** Header words (Swedish and English) that name each field, for the suggested mapping. */
const HEADER_WORDS: Record<PersonImportField, string[]> = {
  name: ['namn', 'fullständigt namn', 'för- och efternamn', 'name', 'full name'],
  email: ['e-post', 'epost', 'e-postadress', 'mejl', 'mail', 'email', 'e-mail', 'email address'],
  phone: ['telefon', 'mobil', 'mobilnummer', 'telefonnummer', 'tel', 'phone', 'mobile', 'phone number'],
  birthDate: ['födelsedatum', 'född', 'födelsedag', 'birth date', 'birthdate', 'date of birth', 'dob', 'born'],
  guardianName: ['vårdnadshavare', 'vårdnadshavarens namn', 'förälder', 'guardian', 'guardian name', 'parent'],
  guardianEmail: ['vårdnadshavarens e-post', 'vårdnadshavare e-post', 'förälders e-post', 'guardian email', 'guardian e-mail', 'parent email'],
  guardianPhone: ['vårdnadshavarens telefon', 'vårdnadshavare telefon', 'förälders telefon', 'guardian phone', 'parent phone'],
  notes: ['anteckningar', 'anteckning', 'kommentar', 'övrigt', 'notes', 'note', 'comment', 'comments'],
  agreementKind: ['avtalstyp', 'typ av samtycke', 'samtyckestyp', 'samtycke', 'agreement type', 'kind', 'consent type'],
  agreementChannels: ['kanaler', 'kanal', 'får användas i', 'channels', 'channel'],
  agreementValidFrom: ['giltigt från', 'gäller från', 'från', 'startdatum', 'valid from', 'from', 'start date'],
  agreementValidUntil: ['giltigt till', 'gäller till', 'till', 'slutdatum', 'valid until', 'until', 'end date', 'expires'],
  agreementSignedBy: ['undertecknat av', 'signerat av', 'undertecknare', 'signed by', 'signer'],
  agreementGuardianName: ['undertecknande vårdnadshavare', 'signing guardian'],
  agreementNotes: ['avtalsanteckning', 'anteckning om avtalet', 'agreement notes', 'agreement note'],
};

export function suggestMapping(header: string[], customFields: readonly CustomFieldDefinition[]): Record<string, number> {
  const wanted = new Map<string, string>();
  for (const [field, words] of Object.entries(HEADER_WORDS)) for (const w of [field, ...words]) wanted.set(normaliseHeader(w), field);
  for (const f of customFields) for (const w of [f.key, f.label]) wanted.set(normaliseHeader(w), `custom.${f.key}`);
  const out: Record<string, number> = {};
  header.forEach((h, i) => {
    const field = wanted.get(normaliseHeader(h));
    if (field && !(field in out)) out[field] = i;
  });
  return out;
}

export interface ImportRules {
  channels: readonly string[];
  customFields: readonly CustomFieldDefinition[];
}

export interface RowCandidate {
  line: number;
  person: PersonCreate;
  agreement: AgreementCreate | null;
}

/** An agreement field's name as the import's columns call it. */
export const AGREEMENT_FIELD: Record<string, PersonImportField> = {
  kind: 'agreementKind',
  channels: 'agreementChannels',
  validFrom: 'agreementValidFrom',
  validUntil: 'agreementValidUntil',
  signedBy: 'agreementSignedBy',
  guardianName: 'agreementGuardianName',
  notes: 'agreementNotes',
};

/**
 * One row → the person (and agreement) the API would be sent, or every reason it cannot be read. The register's
 * own rules (a name unless pseudonymous, no digital agreement without a signature) are the services' check().
 */
export function mapRow(line: number, cells: string[], header: string[], mapping: PersonImportMapping, rules: ImportRules): { candidate: RowCandidate | null; errors: ImportRowError[] } {
  const errors: ImportRowError[] = [];
  const columnOf = (field: string) => (mapping.columns[field] !== undefined ? (header[mapping.columns[field]!] ?? null) : null);
  const fail: Fail = (field, code, message, params = {}) => errors.push({ line, field, column: field ? columnOf(field) : null, code, params, message });
  const cell = (field: string): string | undefined => {
    const i = mapping.columns[field];
    const v = i === undefined ? '' : (cells[i] ?? '');
    return v === '' ? undefined : v;
  };
  const date = (field: string): string | undefined => {
    const v = cell(field);
    if (v === undefined) return undefined;
    const d = parseDateOnly(v);
    if (!d) fail(field, 'not_a_date', `"${v}" is not a date: write it as YYYY-MM-DD.`, { value: v });
    return d ?? undefined;
  };

  const person: Record<string, unknown> = {};
  for (const f of ['name', 'email', 'phone', 'guardianName', 'guardianEmail', 'guardianPhone', 'notes'] as const) {
    const v = cell(f);
    if (v !== undefined) person[f] = f === 'email' || f === 'guardianEmail' ? v.toLowerCase() : v;
  }
  const birthDate = date('birthDate');
  if (birthDate) person.birthDate = birthDate;
  const custom: Record<string, string | number | boolean | null> = {};
  for (const def of rules.customFields) {
    const v = cell(`custom.${def.key}`);
    if (v === undefined) continue;
    const parsed = def.type === 'number' ? parseNumber(v) : def.type === 'boolean' ? parseBoolean(v) : v;
    if (parsed === null) fail(`custom.${def.key}`, def.type === 'number' ? 'not_a_number' : 'not_yes_no', `"${v}" is not ${def.type === 'number' ? 'a number' : 'yes or no'}.`, { value: v });
    else custom[def.key] = parsed;
  }
  if (Object.keys(custom).length) person.customFields = custom;
  const parsedPerson = PersonCreateSchema.safeParse(person);
  if (!parsedPerson.success) reportIssues(parsedPerson.error, (key) => key, fail);

  const agreement = mapAgreement(cell, date, mapping, rules, fail);
  if (errors.length || !parsedPerson.success) return { candidate: null, errors };
  return { candidate: { line, person: parsedPerson.data, agreement }, errors };
}

function mapAgreement(
  cell: (f: string) => string | undefined,
  date: (f: string) => string | undefined,
  mapping: PersonImportMapping,
  rules: ImportRules,
  report: Fail,
): AgreementCreate | null {
  let failed = false;
  const fail: Fail = (...args) => {
    failed = true;
    report(...args);
  };
  const d = mapping.defaults ?? {};
  const own = Object.values(AGREEMENT_FIELD).some((f) => cell(f) !== undefined);
  if (!own && !(d.agreementKind && d.agreementChannels)) return null;
  const kindText = cell('agreementKind');
  const kind = kindText !== undefined ? parseKind(kindText) : (d.agreementKind ?? null);
  if (kindText !== undefined && !kind) fail('agreementKind', 'unknown_kind', `"${kindText}" is not a kind of agreement: written, oral or model release.`, { value: kindText });
  const channelText = cell('agreementChannels');
  let channels = d.agreementChannels ?? [];
  if (channelText !== undefined) {
    const parsed = parseChannels(channelText, rules.channels);
    if (parsed.unknown.length) {
      const value = parsed.unknown.join(', ');
      fail('agreementChannels', 'unknown_channel', `Not the organisation's channel: ${value} (the channels are ${rules.channels.join(', ')}).`, { value, channels: rules.channels.join(', ') });
    }
    channels = parsed.channels;
  }
  const from = date('agreementValidFrom') ?? d.agreementValidFrom;
  const until = date('agreementValidUntil');
  const signerText = cell('agreementSignedBy');
  const signedBy = signerText !== undefined ? parseSigner(signerText) : 'subject';
  if (!signedBy) fail('agreementSignedBy', 'unknown_signer', `"${signerText}" is neither the person nor a guardian.`, { value: signerText ?? '' });
  if (!kind && kindText === undefined) fail('agreementKind', 'no_kind', 'The agreement has no kind: map the column or choose a default.');
  if (!channels.length && channelText === undefined) fail('agreementChannels', 'no_channels', 'The agreement has no channels: map the column or choose defaults.');
  if (!from && cell('agreementValidFrom') === undefined) fail('agreementValidFrom', 'no_start', 'The agreement has no start date: map the column or choose a default.');
  const input = {
    kind: kind ?? undefined,
    channels,
    validFrom: from ? swedishDayStart(from) : undefined,
    validUntil: until ? swedishDayStart(until) : null,
    signedBy: signedBy ?? undefined,
    guardianName: cell('agreementGuardianName') ?? (signedBy === 'guardian' ? (cell('guardianName') ?? null) : null),
    notes: cell('agreementNotes') ?? null,
  };
  if (failed) return null;
  const parsed = AgreementCreateSchema.safeParse(input);
  if (!parsed.success) {
    reportIssues(parsed.error, (key) => AGREEMENT_FIELD[key] ?? key, fail);
    return null;
  }
  return parsed.data;
}

type Fail = (field: string | null, code: ImportRowErrorCode, message: string, params?: Record<string, string>) => void;

/** The codes zod's issues get, by the field they are about. */
const ISSUE_CODE: Record<string, ImportRowErrorCode> = { email: 'invalid_email', guardianEmail: 'invalid_email', phone: 'invalid_phone', guardianPhone: 'invalid_phone', validUntil: 'end_before_start' };

/** zod's issues as row errors, once per field (the first message). */
function reportIssues(error: z.ZodError, fieldOf: (key: string) => string, fail: Fail) {
  const seen = new Set<string>();
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? '');
    if (seen.has(key)) continue;
    seen.add(key);
    fail(key ? fieldOf(key) : null, ISSUE_CODE[key] ?? 'invalid', issue.message);
  }
}

/** What makes two rows the same person: the name, and one of email, phone or birth date. Rows with a name alone are never matched. */
export function identityKeys(p: { name?: string | null; email?: string | null; phone?: string | null; birthDate?: string | Date | null }): string[] {
  const name = p.name?.trim().toLowerCase();
  if (!name) return [];
  const keys: string[] = [];
  if (p.email) keys.push(`${name}|e:${p.email.toLowerCase()}`);
  if (p.phone) keys.push(`${name}|p:${p.phone.replace(/[^0-9]/g, '').replace(/^46/, '0')}`);
  if (p.birthDate) keys.push(`${name}|b:${p.birthDate instanceof Date ? p.birthDate.toISOString().slice(0, 10) : p.birthDate}`);
  return keys;
}

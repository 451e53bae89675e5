import { createHash } from 'node:crypto';
import { Marked, type Token } from 'marked';
import sanitizeHtml from 'sanitize-html';
import { CONSENT_TEMPLATE_VARIABLES, type ConsentLocale } from '@likeness/shared';
import { canonicalJson } from '../../kernel/audit-chain';

export interface LocaleText {
  title: string;
  body: string;
  completionText: string;
}
export type LocaleTexts = Record<ConsentLocale, LocaleText>;

export interface TemplateVariables {
  personName: string;
  guardianName: string | null;
  organisation: string;
  session: string | null;
  sessionDate: Date | null;
  channels: string[];
  validityDays: number | null;
  validUntil: Date | null;
}

const VARIABLE = /\{\{\s*([a-z.]+)\s*\}\}/g;

/** Variables a text uses that do not exist, for a clear error when the template is saved. */
export function unknownVariables(text: string): string[] {
  const known = new Set<string>(CONSENT_TEMPLATE_VARIABLES);
  return [...new Set([...text.matchAll(VARIABLE)].map((m) => m[1]!).filter((v) => !known.has(v)))];
}

/** Values come from people's data: escape Markdown so a name cannot add links or formatting. */
export function escapeMarkdown(value: string): string {
  return value.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, (c) => `\\${c}`).replace(/\s+/g, ' ');
}

const CHANNEL_NAMES: Record<ConsentLocale, Record<string, string>> = {
  sv: { web: 'webben', print: 'tryck', social: 'sociala medier', intranet: 'intranätet', press: 'press', tv: 'tv', video: 'film', ads: 'annonser', newsletter: 'nyhetsbrev' },
  en: { web: 'websites', print: 'print', social: 'social media', intranet: 'the intranet', press: 'press', tv: 'TV', video: 'video', ads: 'advertising', newsletter: 'newsletters' },
};

export function channelList(channels: string[], locale: ConsentLocale): string {
  const names = channels.map((c) => CHANNEL_NAMES[locale][c] ?? c);
  return new Intl.ListFormat(locale === 'sv' ? 'sv-SE' : 'en-GB', { style: 'long', type: 'conjunction' }).format(names);
}

export function formatDate(d: Date, locale: ConsentLocale): string {
  return new Intl.DateTimeFormat(locale === 'sv' ? 'sv-SE' : 'en-GB', { dateStyle: 'long', timeZone: 'Europe/Stockholm' }).format(d);
}

export function formatDateTime(d: Date, locale: ConsentLocale): string {
  return new Intl.DateTimeFormat(locale === 'sv' ? 'sv-SE' : 'en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Stockholm' }).format(d);
}

/** "2 years from signing", "until 30 June 2027", "until you withdraw it". */
export function validityText(v: { validityDays: number | null; validUntil: Date | null }, locale: ConsentLocale): string {
  const sv = locale === 'sv';
  if (v.validUntil) return sv ? `till och med ${formatDate(new Date(v.validUntil.getTime() - 1), 'sv')}` : `until ${formatDate(new Date(v.validUntil.getTime() - 1), 'en')}`;
  const d = v.validityDays;
  if (!d) return sv ? 'tills vidare, tills du återkallar det' : 'until further notice, until you withdraw it';
  const unit = (n: number, one: [string, string], many: [string, string]) => `${n} ${n === 1 ? (sv ? one[0] : one[1]) : sv ? many[0] : many[1]}`;
  const span = d % 365 === 0 ? unit(d / 365, ['år', 'year'], ['år', 'years']) : d % 30 === 0 ? unit(d / 30, ['månad', 'month'], ['månader', 'months']) : unit(d, ['dag', 'day'], ['dagar', 'days']);
  return sv ? `${span} från underskriften` : `${span} from signing`;
}

/** Fills `{{variables}}`; in Markdown (`markdown: true`) the values are escaped, a title takes them as they are. */
export function fillVariables(text: string, v: TemplateVariables, locale: ConsentLocale, markdown = true): string {
  const values: Record<string, string> = {
    'person.name': v.personName,
    'guardian.name': v.guardianName ?? '',
    organisation: v.organisation,
    session: v.session ?? '',
    'session.date': v.sessionDate ? formatDate(v.sessionDate, locale) : '',
    channels: channelList(v.channels, locale),
    validity: validityText(v, locale),
  };
  return text.replace(VARIABLE, (_m, name: string) => (name in values ? (markdown ? escapeMarkdown(values[name]!) : values[name]!.replace(/\s+/g, ' ')) : ''));
}

/** Fills in every locale of a template for one request; this exact text is what will be shown and hashed. */
export function renderTexts(texts: LocaleTexts, v: TemplateVariables): LocaleTexts {
  const out = {} as LocaleTexts;
  for (const locale of Object.keys(texts) as ConsentLocale[]) {
    const t = texts[locale];
    out[locale] = { title: fillVariables(t.title, v, locale, false), body: fillVariables(t.body, v, locale), completionText: fillVariables(t.completionText, v, locale) };
  }
  return out;
}

const marked = new Marked({ gfm: true, breaks: false, async: false });

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'hr', 'h1', 'h2', 'h3', 'h4', 'strong', 'em', 'del', 'ul', 'ol', 'li', 'blockquote', 'a', 'code', 'pre', 'table', 'thead', 'tbody', 'tr', 'th', 'td'],
  allowedAttributes: { a: ['href', 'rel', 'target'], th: ['align'], td: ['align'] },
  allowedSchemes: ['https', 'http', 'mailto'],
  transformTags: {
    a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer nofollow', target: '_blank' }),
    // The page has its own <h1>; the agreement's headings start one level below.
    h1: 'h3',
    h2: 'h3',
    h3: 'h4',
  },
};

/** Markdown to HTML that is safe to put in the page: rendered, then sanitised. */
export function markdownToHtml(markdown: string): string {
  return sanitizeHtml(marked.parse(markdown) as string, SANITIZE);
}

export interface TextBlock {
  type: 'heading' | 'paragraph' | 'item';
  text: string;
}

/** The Markdown as plain blocks (headings, paragraphs, list items), for layouts that are not HTML: the PDF receipt. */
export function markdownBlocks(markdown: string): TextBlock[] {
  const blocks: TextBlock[] = [];
  const plain = (html: string) => decodeEntities(sanitizeHtml(html, { allowedTags: [], allowedAttributes: {} })).replace(/\s+/g, ' ').trim();
  const walk = (tokens: Token[]) => {
    for (const t of tokens) {
      if (t.type === 'heading') blocks.push({ type: 'heading', text: plain(marked.parseInline(t.text) as string) });
      else if (t.type === 'paragraph' || t.type === 'text') blocks.push({ type: 'paragraph', text: plain(marked.parseInline(t.text) as string) });
      else if (t.type === 'list') for (const item of t.items) blocks.push({ type: 'item', text: plain(marked.parseInline(item.text) as string) });
      else if (t.type === 'blockquote') walk(t.tokens ?? []);
      else if (t.type === 'code') blocks.push({ type: 'paragraph', text: t.text });
      else if (t.type === 'table') blocks.push({ type: 'paragraph', text: plain(marked.parse(t.raw) as string) });
      else if (t.type === 'html') {
        const text = plain(t.text);
        if (text) blocks.push({ type: 'paragraph', text });
      }
    }
  };
  walk(marked.lexer(markdown));
  return blocks.filter((b) => b.text);
}

function decodeEntities(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&#x([0-9a-f]+);/gi, (_m, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_m, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&amp;/g, '&');
}

/** SHA-256 over exactly what the signer is shown: locale, title and text. */
export function textHash(locale: ConsentLocale, text: { title: string; body: string }): string {
  return createHash('sha256').update(canonicalJson({ v: 1, locale, title: text.title, body: text.body })).digest('hex');
}

import type { Locale, SubjectDataCategory, SubjectExportDocument } from '@likeness/shared';
import { escapeHtml } from '../../kernel/html';

const TEXT: Record<Locale, { title: string; intro: (org: string, at: string) => string; empty: string; file: string; categories: Record<SubjectDataCategory, string> }> = {
  sv: {
    title: 'Uppgifter om dig',
    intro: (org, at) => `Det här är allt ${org} har registrerat om dig i Likeness, uttaget ${at} (artikel 15 och 20 i dataskyddsförordningen). Filen person.json innehåller samma uppgifter i maskinläsbar form.`,
    empty: 'Inga uppgifter.',
    file: 'Fil i arkivet',
    categories: {
      person: 'Personuppgifter',
      custom_fields: 'Egna fält',
      agreements: 'Avtal och samtycken',
      agreement_documents: 'Bifogade dokument',
      consent_requests: 'Förfrågningar om samtycke',
      consent_evidence: 'Underskrifter (bevis)',
      receipts: 'Kvitton',
      files: 'Bilder och filmer där du förekommer',
      publications: 'Där bilderna är publicerade',
      face_data: 'Ansiktsdata (inga ansiktsvektorer lämnas ut i klartext; här visas vilka som finns)',
      notifications: 'Påminnelser om dina avtal',
    },
  },
  en: {
    title: 'Data about you',
    intro: (org, at) => `This is everything ${org} holds about you in Likeness, exported ${at} (Articles 15 and 20 GDPR). The file person.json holds the same data in machine-readable form.`,
    empty: 'Nothing.',
    file: 'File in the archive',
    categories: {
      person: 'Personal details',
      custom_fields: 'Custom fields',
      agreements: 'Agreements and consents',
      agreement_documents: 'Attached documents',
      consent_requests: 'Consent requests',
      consent_evidence: 'Signatures (evidence)',
      receipts: 'Receipts',
      files: 'Photos and videos you appear in',
      publications: 'Where those files are published',
      face_data: 'Face data (which face embeddings exist; the vectors themselves are not included)',
      notifications: 'Reminders about your agreements',
    },
  },
};

function cell(value: unknown): string {
  if (value === null || value === undefined || value === '') return '<td class="none">–</td>';
  if (typeof value === 'object') return `<td><code>${escapeHtml(JSON.stringify(value))}</code></td>`;
  return `<td>${escapeHtml(String(value))}</td>`;
}

function table(rows: Array<Record<string, unknown>>, t: (typeof TEXT)[Locale]): string {
  if (rows.length === 0) return `<p class="none">${escapeHtml(t.empty)}</p>`;
  return rows
    .map((row) => {
      const lines = Object.entries(row).map(([k, v]) => (k === 'file' && v && typeof v === 'object' && 'path' in v ? `<tr><th>${escapeHtml(t.file)}</th><td><a href="${escapeHtml(String(v.path))}">${escapeHtml(String(v.path))}</a></td></tr>` : `<tr><th>${escapeHtml(k)}</th>${cell(v)}</tr>`));
      return `<table>${lines.join('')}</table>`;
    })
    .join('\n');
}

/** The readable summary in the person's language: every category, in the order of the JSON. */
export function exportSummaryHtml(doc: SubjectExportDocument, locale: Locale): string {
  const t = TEXT[locale];
  const at = new Date(doc.exportedAt).toLocaleString(locale === 'sv' ? 'sv-SE' : 'en-GB', { timeZone: 'Europe/Stockholm' });
  const sections = doc.categories.map((c) => {
    const value = doc[c];
    const rows = (Array.isArray(value) ? value : [value]) as Array<Record<string, unknown>>;
    return `<section><h2>${escapeHtml(t.categories[c])}</h2>${table(rows, t)}</section>`;
  });
  return `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(t.title)} – ${escapeHtml(doc.organisation.name)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}h2{margin-top:2rem;border-bottom:1px solid #ccc}table{border-collapse:collapse;margin:.75rem 0;width:100%}th,td{text-align:left;vertical-align:top;padding:.2rem .5rem;border:1px solid #e2e2e2}th{width:14rem;font-weight:600;background:#f6f6f6}code{white-space:pre-wrap;word-break:break-word}.none{color:#666}</style>
</head><body><h1>${escapeHtml(t.title)}</h1><p>${escapeHtml(t.intro(doc.organisation.name, at))}</p>
${sections.join('\n')}
</body></html>
`;
}

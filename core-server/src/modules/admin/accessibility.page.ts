import { escapeHtml as esc } from '../../kernel/html';
import { DIGG_REPORT_URL, STATEMENT_DATE, statementTexts, type StatementLocale } from './accessibility.texts';

/** Who to contact about accessibility: the organisation's setting, or null when the page cannot tell which one. */
export interface StatementContact {
  org: string;
  slug: string;
  email: string | null;
  url: string | null;
}


function formatDate(iso: string, locale: StatementLocale): string {
  return new Intl.DateTimeFormat(locale === 'sv' ? 'sv-SE' : 'en-GB', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${iso}T12:00:00Z`));
}

function contactBlock(locale: StatementLocale, c: StatementContact | null): string {
  const s = statementTexts(locale);
  if (!c || (!c.email && !c.url)) return `<p data-testid="a11y-contact">${esc(s.noContact(c?.org ?? null))}</p>`;
  const rows = [
    c.email ? `<dt>${esc(s.contactEmail)}</dt><dd><a href="mailto:${esc(c.email)}">${esc(c.email)}</a></dd>` : '',
    c.url ? `<dt>${esc(s.contactUrl)}</dt><dd><a href="${esc(c.url)}">${esc(c.url)}</a></dd>` : '',
  ];
  return `<dl class="facts" data-testid="a11y-contact">${rows.join('')}</dl>`;
}

/** The statement as one server-rendered page on the signing pages' stylesheet (light and dark, WCAG AA contrast). */
export function statementPage(locale: StatementLocale, contact: StatementContact | null): string {
  const s = statementTexts(locale);
  const other: StatementLocale = locale === 'sv' ? 'en' : 'sv';
  const org = contact?.org ?? null;
  const switchHref = `/accessibility?${contact ? `org=${encodeURIComponent(contact.slug)}&` : ''}lang=${other}`;
  const list = (items: string[]) => `<ul>${items.map((i) => `<li>${esc(i)}</li>`).join('')}</ul>`;
  const date = `<time datetime="${STATEMENT_DATE}">${esc(formatDate(STATEMENT_DATE, locale))}</time>`;
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${esc(s.title)}${org ? ` · ${esc(org)}` : ''}</title>
<link rel="stylesheet" href="/sign/static/sign.css">
</head>
<body>
<a class="skip" href="#main">${esc(s.skip)}</a>
<header class="top"><div class="top-inner">
  <div class="org"><span class="org-name">${esc(org ?? 'Likeness')}</span></div>
  <a class="lang" href="${esc(switchHref)}" lang="${other}" hreflang="${other}">${esc(s.otherLang)}</a>
</div></header>
<main id="main" tabindex="-1">
<article class="card doc-page">
<h1>${esc(s.title)}</h1>
<p>${esc(s.intro(org))}</p>
<p>${esc(s.scope)}</p>
<h2>${esc(s.howHeading)}</h2>
<p>${esc(s.howText)}</p>
<h2>${esc(s.insteadHeading)}</h2>
<p>${esc(s.insteadText)}</p>
<h2 id="report">${esc(s.reportHeading)}</h2>
<p>${esc(s.reportText)}</p>
${contactBlock(locale, contact)}
<h2>${esc(s.enforcementHeading)}</h2>
<p>${esc(s.enforcementText)}</p>
<p><a href="${DIGG_REPORT_URL}" data-testid="a11y-digg">${esc(s.enforcementLink)}</a></p>
<h2>${esc(s.technicalHeading)}</h2>
<p data-testid="a11y-status">${esc(s.technicalText)}</p>
<h2>${esc(s.notAccessibleHeading)}</h2>
<h3>${esc(s.nonComplianceHeading)}</h3>
${list(s.nonCompliance)}
<h3>${esc(s.outOfScopeHeading)}</h3>
${list(s.outOfScope)}
<h2>${esc(s.testedHeading)}</h2>
<p>${esc(s.testedText)}</p>
<p class="muted" data-testid="a11y-date">${/* our own words and date markup, no data */ s.dated(date)}</p>
</article>
</main>
</body>
</html>`;
}

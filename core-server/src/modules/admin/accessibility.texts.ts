/**
 * The accessibility statement's words, following the structure of Digg's model statement for the Swedish law
 * (2018:1937) on accessibility to digital public service (the EU web accessibility directive): compliance
 * status, what is not accessible, how to get content another way and report problems, enforcement, testing.
 */
export type StatementLocale = 'sv' | 'en';

/** When this statement was written and the service last assessed; change it with the text. */
export const STATEMENT_DATE = '2026-12-02';

export const DIGG_REPORT_URL = 'https://www.digg.se/tdosanmalan';

export interface StatementTexts {
  title: string;
  skip: string;
  otherLang: string;
  intro(org: string | null): string;
  scope: string;
  howHeading: string;
  howText: string;
  insteadHeading: string;
  insteadText: string;
  reportHeading: string;
  reportText: string;
  contactEmail: string;
  contactUrl: string;
  noContact(org: string | null): string;
  enforcementHeading: string;
  enforcementText: string;
  enforcementLink: string;
  technicalHeading: string;
  technicalText: string;
  notAccessibleHeading: string;
  nonComplianceHeading: string;
  nonCompliance: string[];
  outOfScopeHeading: string;
  outOfScope: string[];
  testedHeading: string;
  testedText: string;
  dated(date: string): string;
}

const sv: StatementTexts = {
  title: 'Tillgänglighetsredogörelse för Likeness',
  skip: 'Hoppa till innehållet',
  otherLang: 'English',
  intro: (org) =>
    `${org ? `${org} använder Likeness,` : 'Likeness är'} ett register över samtycken till bilder. Vi vill att så många som möjligt ska kunna använda tjänsten. Här beskriver vi hur Likeness uppfyller lagen (2018:1937) om tillgänglighet till digital offentlig service, vilka brister vi känner till och hur du kan rapportera problem så att vi kan åtgärda dem.`,
  scope: 'Redogörelsen gäller administrationen (/admin), sidorna där man lämnar, läser och återkallar samtycken (/sign), den här sidan och Likeness egna paneler i WordPress, Strapi, Word och PowerPoint.',
  howHeading: 'Hur tillgänglig är tjänsten?',
  howText: 'Vi vet att delar av tjänsten inte är helt tillgängliga. Bristerna beskrivs nedan under Innehåll som inte är tillgängligt.',
  insteadHeading: 'Vad kan du göra om du inte kan använda delar av tjänsten?',
  insteadText: 'Om du behöver innehåll i ett annat format, till exempel ditt kvitto på ett samtycke som vanlig text i stället för PDF, eller hjälp att lämna eller återkalla ett samtycke på annat sätt, kontakta oss på adressen nedan.',
  reportHeading: 'Rapportera brister i tjänstens tillgänglighet',
  reportText: 'Vi arbetar hela tiden med att förbättra tillgängligheten. Om du upptäcker problem som inte beskrivs här, eller om du tycker att vi inte uppfyller lagens krav, meddela oss så att vi får veta att problemet finns.',
  contactEmail: 'E-post',
  contactUrl: 'Webbformulär',
  noContact: (org) =>
    org
      ? `Kontakta ${org}, till exempel via organisationens växel eller den som skickade länken till dig.`
      : 'Kontakta den organisation som använder Likeness, till exempel den som skickade länken till dig eller din administratör.',
  enforcementHeading: 'Tillsyn',
  enforcementText: 'Myndigheten för digital förvaltning (Digg) ansvarar för tillsynen över lagen om tillgänglighet till digital offentlig service. Om du inte är nöjd med hur vi hanterar dina synpunkter kan du kontakta Digg och påtala det.',
  enforcementLink: 'Anmäl till Myndigheten för digital förvaltning (digg.se)',
  technicalHeading: 'Teknisk information om tjänstens tillgänglighet',
  technicalText: 'Tjänsten är delvis förenlig med lagen om tillgänglighet till digital offentlig service, på grund av de brister som beskrivs nedan. Kraven är WCAG 2.1 nivå AA (EN 301 549).',
  notAccessibleHeading: 'Innehåll som inte är tillgängligt',
  nonComplianceHeading: 'Bristande förenlighet med lagkraven',
  nonCompliance: [
    'Kvittot på ett digitalt samtycke är en PDF-fil utan taggar, så en skärmläsare kan läsa den i fel ordning (WCAG 1.3.1). Samma uppgifter finns som text på kvittosidan.',
    'En bild beskrivs för skärmläsare med den titel organisationen gett den, eller med filnamnet om titel saknas (WCAG 1.1.1).',
  ],
  outOfScopeHeading: 'Innehåll som inte omfattas av lagkraven',
  outOfScope: [
    'Bilder och dokument som organisationen själv laddar upp.',
    'WordPress, Strapi, Word, PowerPoint och BankID-appen. Likeness ansvarar för sina egna paneler och dialoger i dem, inte för resten av programmen.',
  ],
  testedHeading: 'Hur vi testat tjänsten',
  testedText: 'Vi har gjort en självskattning (intern testning). Varje version testas automatiskt med axe-core mot WCAG 2.1 nivå A och AA: alla sidor i administrationen på svenska och engelska med exempeldata, signeringssidorna i ljust och mörkt läge och den här sidan. Ett test går igenom ett arbetsflöde med enbart tangentbordet.',
  dated: (date) => `Redogörelsen upprättades och tjänsten bedömdes senast den ${date}.`,
};

const en: StatementTexts = {
  title: 'Accessibility statement for Likeness',
  skip: 'Skip to content',
  otherLang: 'Svenska',
  intro: (org) =>
    `${org ? `${org} uses Likeness,` : 'Likeness is'} a register of consent to images. We want as many people as possible to be able to use it. This statement describes how Likeness complies with the Swedish Act (2018:1937) on accessibility to digital public services, the problems we know of, and how to report problems so that we can fix them.`,
  scope: 'It covers the administration (/admin), the pages where people give, read and withdraw consent (/sign), this page, and Likeness’s own panels in WordPress, Strapi, Word and PowerPoint.',
  howHeading: 'How accessible is the service?',
  howText: 'We know that parts of the service are not fully accessible. The problems are listed below under Non-accessible content.',
  insteadHeading: 'What to do if you cannot use parts of the service',
  insteadText: 'If you need content in another format, for example the receipt for your consent as plain text instead of a PDF, or help to give or withdraw consent another way, contact us at the address below.',
  reportHeading: 'Reporting accessibility problems',
  reportText: 'We are always working to improve accessibility. If you find problems not described here, or think we do not meet the requirements of the law, let us know so that we know the problem exists.',
  contactEmail: 'Email',
  contactUrl: 'Web form',
  noContact: (org) =>
    org
      ? `Contact ${org}, for example through its switchboard or whoever sent you the link.`
      : 'Contact the organisation that uses Likeness, for example whoever sent you the link, or your administrator.',
  enforcementHeading: 'Enforcement procedure',
  enforcementText: 'The Agency for Digital Government (Myndigheten för digital förvaltning, Digg) is responsible for enforcing the Act on accessibility to digital public services. If you are not satisfied with how we handle your comments, you can contact Digg and tell them.',
  enforcementLink: 'Report to the Agency for Digital Government (digg.se, in Swedish)',
  technicalHeading: 'Technical information about the service’s accessibility',
  technicalText: 'The service is partially compliant with the Act on accessibility to digital public services, because of the problems described below. The requirements are WCAG 2.1 level AA (EN 301 549).',
  notAccessibleHeading: 'Non-accessible content',
  nonComplianceHeading: 'Non-compliance with the requirements',
  nonCompliance: [
    'The receipt for a digital consent is an untagged PDF file, so a screen reader may read it in the wrong order (WCAG 1.3.1). The same details are shown as text on the receipt page.',
    'An image is described to screen readers by the title the organisation gave it, or by its file name when it has none (WCAG 1.1.1).',
  ],
  outOfScopeHeading: 'Content not within the scope of the law',
  outOfScope: [
    'Images and documents the organisation uploads itself.',
    'WordPress, Strapi, Word, PowerPoint and the BankID app. Likeness is responsible for its own panels and dialogs in them, not for the rest of those programs.',
  ],
  testedHeading: 'How we tested the service',
  testedText: 'We carried out a self-assessment (internal testing). Every release is tested automatically with axe-core against WCAG 2.1 levels A and AA: every page of the administration in Swedish and English with sample data, the signing pages in light and dark mode, and this page. One test goes through a workflow with the keyboard only.',
  dated: (date) => `This statement was prepared, and the service last assessed, on ${date}.`,
};

export const statementTexts = (locale: StatementLocale): StatementTexts => (locale === 'en' ? en : sv);

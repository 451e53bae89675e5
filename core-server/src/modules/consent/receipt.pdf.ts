import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import type { ConsentLocale } from '@likeness/shared';
import type { TextBlock } from './template.render';

/** What the PDF receipt of a signed agreement shows. */
export interface ReceiptInput {
  locale: ConsentLocale;
  organisation: string;
  title: string;
  /** The agreement text as blocks (Markdown rendered to plain text). */
  text: TextBlock[];
  rows: Array<[string, string]>;
  agreementId: string;
  textHash: string;
  sealHash: string;
  signedAt: Date;
}

const LABELS = {
  sv: { receipt: 'Kvitto på samtycke', text: 'Avtalstext som visades', integrity: 'Kontroll', textHash: 'Textens SHA-256', seal: 'Bevisets sigill (SHA-256)', page: 'Sida', verify: 'Kvittots äkthet kan kontrolleras av organisationen i Likeness (POST /api/v1/consent/receipts/verify).' },
  en: { receipt: 'Consent receipt', text: 'Agreement text shown', integrity: 'Verification', textHash: 'SHA-256 of the text', seal: 'Evidence seal (SHA-256)', page: 'Page', verify: 'The organisation can check this receipt in Likeness (POST /api/v1/consent/receipts/verify).' },
};

/** What the metadata of every receipt says, so that a receipt can be traced back to its evidence. */
export function receiptSubject(agreementId: string, sealHash: string): string {
  return `likeness-consent-receipt agreement=${agreementId} seal=${sealHash}`;
}

export function parseReceiptSubject(subject: string | undefined): { agreementId: string; sealHash: string } | null {
  const m = /^likeness-consent-receipt agreement=([0-9a-f-]{36}) seal=([0-9a-f]{64})$/.exec(subject ?? '');
  return m ? { agreementId: m[1]!, sealHash: m[2]! } : null;
}

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 56;
const INK = rgb(0.1, 0.1, 0.12);
const MUTED = rgb(0.38, 0.4, 0.45);
const ACCENT = rgb(0.09, 0.33, 0.55);

/** Standard PDF fonts only know WinAnsi: anything else becomes '?', never an exception. */
function encodable(font: PDFFont): (s: string) => string {
  const set = new Set(font.getCharacterSet());
  return (s) =>
    [...s.normalize('NFC').replace(/[‘’]/g, "'").replace(/[“”]/g, '"').replace(/[–—]/g, '-').replace(/\t/g, '  ')]
      .map((c) => (set.has(c.codePointAt(0)!) || c === '\n' ? c : '?'))
      .join('');
}

function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  for (const para of text.split('\n')) {
    if (para.trim() === '') {
      lines.push('');
      continue;
    }
    let line = '';
    for (const word of para.split(/\s+/)) {
      const candidate = line ? `${line} ${word}` : word;
      if (font.widthOfTextAtSize(candidate, size) <= width) {
        line = candidate;
        continue;
      }
      if (line) lines.push(line);
      // A word longer than the line (a hash, a URL) is cut.
      let rest = word;
      while (font.widthOfTextAtSize(rest, size) > width) {
        let n = rest.length;
        while (n > 1 && font.widthOfTextAtSize(rest.slice(0, n), size) > width) n--;
        lines.push(rest.slice(0, n));
        rest = rest.slice(n);
      }
      line = rest;
    }
    lines.push(line);
  }
  return lines;
}

/** A4 PDF: organisation, title, who signed how and when, the exact text, and the hashes that tie it to the evidence. */
export async function buildReceiptPdf(input: ReceiptInput): Promise<Uint8Array> {
  const L = LABELS[input.locale];
  const doc = await PDFDocument.create({ updateMetadata: false });
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const mono = await doc.embedFont(StandardFonts.Courier);
  const clean = encodable(regular);
  const width = A4[0] - 2 * MARGIN;

  doc.setTitle(`${L.receipt}: ${input.title}`);
  doc.setAuthor(input.organisation);
  doc.setSubject(receiptSubject(input.agreementId, input.sealHash));
  doc.setKeywords([`agreement:${input.agreementId}`, `seal:${input.sealHash}`, `text:${input.textHash}`]);
  doc.setProducer('Likeness');
  doc.setCreator('Likeness');
  doc.setLanguage(input.locale === 'sv' ? 'sv-SE' : 'en-GB');
  doc.setCreationDate(input.signedAt);
  doc.setModificationDate(input.signedAt);

  const pages: PDFPage[] = [];
  let page!: PDFPage;
  let y = 0;
  const newPage = () => {
    page = doc.addPage(A4);
    pages.push(page);
    y = A4[1] - MARGIN;
  };
  const ensure = (h: number) => {
    if (y - h < MARGIN + 40) newPage();
  };
  const draw = (text: string, opts: { font?: PDFFont; size?: number; color?: ReturnType<typeof rgb>; x?: number; gap?: number; maxWidth?: number } = {}) => {
    const font = opts.font ?? regular;
    const size = opts.size ?? 10;
    const lines = wrap(clean(text), font, size, opts.maxWidth ?? width - (opts.x ?? 0));
    for (const line of lines) {
      ensure(size * 1.45);
      page.drawText(line, { x: MARGIN + (opts.x ?? 0), y: y - size, size, font, color: opts.color ?? INK });
      y -= size * 1.45;
    }
    y -= opts.gap ?? 0;
  };

  newPage();
  page.drawRectangle({ x: 0, y: A4[1] - 6, width: A4[0], height: 6, color: ACCENT });
  draw(L.receipt.toUpperCase(), { font: bold, size: 9, color: ACCENT, gap: 4 });
  draw(input.organisation, { font: bold, size: 12, color: MUTED, gap: 6 });
  draw(input.title, { font: bold, size: 18, gap: 14 });

  const labelWidth = 150;
  for (const [label, value] of input.rows) {
    const valueLines = wrap(clean(value), regular, 10, width - labelWidth);
    ensure(valueLines.length * 14.5);
    page.drawText(clean(label), { x: MARGIN, y: y - 10, size: 10, font: bold, color: MUTED });
    for (const line of valueLines) {
      page.drawText(line, { x: MARGIN + labelWidth, y: y - 10, size: 10, font: regular, color: INK });
      y -= 14.5;
    }
    y -= 3;
  }
  y -= 10;
  ensure(30);
  page.drawLine({ start: { x: MARGIN, y }, end: { x: A4[0] - MARGIN, y }, thickness: 0.5, color: MUTED });
  y -= 14;
  draw(L.text, { font: bold, size: 12, gap: 6 });
  draw(input.title, { font: bold, size: 11, gap: 4 });
  for (const block of input.text) {
    if (block.type === 'heading') draw(block.text, { font: bold, size: 10.5, gap: 3 });
    else if (block.type === 'item') {
      ensure(14.5);
      page.drawText('•', { x: MARGIN + 4, y: y - 10, size: 10, font: regular, color: INK });
      draw(block.text, { size: 10, x: 16, gap: 2 });
    } else draw(block.text, { size: 10, gap: 7 });
  }
  y -= 8;

  ensure(90);
  page.drawLine({ start: { x: MARGIN, y }, end: { x: A4[0] - MARGIN, y }, thickness: 0.5, color: MUTED });
  y -= 14;
  draw(L.integrity, { font: bold, size: 12, gap: 6 });
  draw(L.textHash, { font: bold, size: 9, color: MUTED });
  draw(input.textHash, { font: mono, size: 9, gap: 6 });
  draw(L.seal, { font: bold, size: 9, color: MUTED });
  draw(input.sealHash, { font: mono, size: 9, gap: 6 });
  draw(L.verify, { size: 9, color: MUTED });

  pages.forEach((p, i) => {
    const footer = clean(`${input.organisation} · ${L.receipt} · ${input.agreementId} · ${L.page} ${i + 1}/${pages.length}`);
    p.drawText(footer, { x: MARGIN, y: MARGIN - 20, size: 8, font: regular, color: MUTED });
  });

  return doc.save({ useObjectStreams: false });
}

/** Reads the agreement and seal a receipt names, or null for anything that is not one of ours. */
export async function readReceiptMetadata(bytes: Uint8Array): Promise<{ agreementId: string; sealHash: string } | null> {
  try {
    const doc = await PDFDocument.load(bytes, { updateMetadata: false, ignoreEncryption: false });
    return parseReceiptSubject(doc.getSubject());
  } catch {
    return null;
  }
}

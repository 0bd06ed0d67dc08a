import type { PDFFont } from 'pdf-lib';

/** What the registration card shows: already formatted for print, in the card's language where it is words. */
export interface RegistrationCardFacts {
  hotel: string;
  title: string;
  /** Label and value pairs, in order: guest, document, stay, contact. */
  rows: Array<[label: string, value: string]>;
  terms: string;
  signedLabel: string;
  signedAt: string;
  /** The signature as drawn, a PNG without metadata. */
  signaturePng: Buffer;
}

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 56;

/** Characters the standard fonts cannot draw (WinAnsi covers Western European text) become `?`. */
function drawable(font: PDFFont, text: string): string {
  const set = new Set(font.getCharacterSet());
  return [...text.replace(/\s+/g, ' ')].map((char) => (set.has(char.codePointAt(0)!) ? char : '?')).join('');
}

function wrap(font: PDFFont, text: string, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of drawable(font, text).split(' ')) {
    const next = line ? `${line} ${word}` : word;
    if (line && font.widthOfTextAtSize(next, size) > width) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

/** The signed registration card as a one-page A4 PDF, made with pdf-lib (no fonts to ship: the standard Helvetica). */
export async function registrationCardPdf(facts: RegistrationCardFacts): Promise<Buffer> {
  // Imported on first use: pdf-lib adds about 100 ms to every process start otherwise.
  const { PDFDocument, StandardFonts, rgb } = await import('pdf-lib');
  const pdf = await PDFDocument.create();
  pdf.setTitle(`${facts.title} – ${facts.hotel}`.replace(/[^\x20-\x7e\u00a0-\u00ff–]/g, '?'));
  pdf.setProducer('Innkeeper');
  pdf.setCreator('Innkeeper');
  const page = pdf.addPage(A4);
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const width = A4[0] - 2 * MARGIN;
  let y = A4[1] - MARGIN;

  page.drawText(drawable(bold, facts.hotel), { x: MARGIN, y, size: 18, font: bold });
  y -= 26;
  page.drawText(drawable(regular, facts.title), { x: MARGIN, y, size: 13, font: regular, color: rgb(0.3, 0.3, 0.3) });
  y -= 30;
  for (const [label, value] of facts.rows) {
    page.drawText(drawable(regular, label), { x: MARGIN, y, size: 10, font: regular, color: rgb(0.35, 0.35, 0.35) });
    const lines = wrap(bold, value || '–', 11, width - 170);
    lines.forEach((line, i) => page.drawText(line, { x: MARGIN + 170, y: y - i * 14, size: 11, font: bold }));
    y -= 14 * Math.max(1, lines.length) + 6;
  }
  y -= 14;
  for (const line of wrap(regular, facts.terms, 10, width)) {
    page.drawText(line, { x: MARGIN, y, size: 10, font: regular });
    y -= 14;
  }
  y -= 20;
  const signature = await pdf.embedPng(facts.signaturePng);
  const scaled = signature.scaleToFit(260, 110);
  page.drawImage(signature, { x: MARGIN, y: y - scaled.height, width: scaled.width, height: scaled.height });
  y -= scaled.height + 8;
  page.drawLine({ start: { x: MARGIN, y }, end: { x: MARGIN + 260, y }, thickness: 0.8, color: rgb(0.4, 0.4, 0.4) });
  y -= 14;
  page.drawText(drawable(regular, `${facts.signedLabel} ${facts.signedAt}`), { x: MARGIN, y, size: 9, font: regular, color: rgb(0.35, 0.35, 0.35) });
  return Buffer.from(await pdf.save());
}

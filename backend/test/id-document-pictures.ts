import { fileURLToPath } from 'node:url';
import { createCanvas, GlobalFonts } from '@napi-rs/canvas';
import { pngChunk } from '../src/modules/check-in/id-upload.js';
import { ID_DOCUMENTS, idDocumentMarker, type IdDocumentId } from '../../mocks/shared/id-documents.js';

/**
 * Pictures of the mocks' identity documents (mocks/shared/id-documents.ts) drawn in code, for the
 * local OCR provider's tests and benchmark: a passport data page or an ID card with its printed
 * fields in a sans-serif and its MRZ in OCR-B, the typeface real MRZs are printed in (the font file
 * ships in test/fonts with its public-domain licence, so nothing but `npm install` is needed). Each
 * PNG also carries the document's marker, so the cloud mocks read the same picture as the same person.
 */

const FONT_FILE = fileURLToPath(new URL('./fonts/OCRB.otf', import.meta.url));
GlobalFonts.registerFromPath(FONT_FILE, 'OCR-B');

export interface PictureOptions {
  /** Replaces the document's MRZ lines (to draw one with a broken check digit, say). */
  mrz?: string[];
  /** Turns the whole picture by this many degrees (a photo not held straight). */
  rotateDegrees?: number;
}

/** Inserts a tEXt chunk before IEND: the marker the ID mocks read. */
function withMarker(png: Buffer, marker: string): Buffer {
  const iend = png.length - 12;
  return Buffer.concat([png.subarray(0, iend), pngChunk('tEXt', Buffer.from(`Comment\0${marker}`, 'latin1')), png.subarray(iend)]);
}

/** A PNG of the document: the whole page (passport 1400×1000, ID card 1200×760), MRZ at the bottom. */
export function documentPicture(id: IdDocumentId, options: PictureOptions = {}): Buffer {
  const document = ID_DOCUMENTS[id];
  if (!('mrz' in document)) throw new Error(`${id} has no MRZ to draw`);
  const mrz = options.mrz ?? document.mrz.split('\n');
  const card = mrz.length === 3;
  const [width, height] = card ? [1200, 760] : [1400, 1000];
  const canvas = createCanvas(width, height);
  const g = canvas.getContext('2d');
  g.fillStyle = '#ffffff';
  g.fillRect(0, 0, width, height);
  if (options.rotateDegrees) {
    g.translate(width / 2, height / 2);
    g.rotate((options.rotateDegrees * Math.PI) / 180);
    g.translate(-width / 2, -height / 2);
  }
  g.fillStyle = '#f3efe4';
  g.fillRect(20, 20, width - 40, height - 40);
  g.fillStyle = '#c9c3b4';
  g.fillRect(60, 120, card ? 300 : 340, card ? 360 : 440);
  g.fillStyle = '#1a1a1a';
  g.font = 'bold 34px DejaVu Sans';
  g.fillText(card ? 'IDENTITY CARD' : 'PASSPORT', card ? 420 : 460, 80);
  const printed: Array<[string, string]> = [
    ['Surname', document.lastName],
    ['Given names', document.firstName],
    ['Nationality', document.nationality],
    ['Date of birth', document.dateOfBirth[0]],
    ['Sex', document.sex],
    ['Date of expiry', document.dateOfExpiration[0]],
    ['Document no.', document.documentNumber],
  ];
  printed.forEach(([label, value], i) => {
    const top = 150 + i * (card ? 50 : 62);
    g.font = '18px DejaVu Sans';
    g.fillText(label, card ? 420 : 460, top);
    g.font = '26px DejaVu Sans';
    g.fillText(value, card ? 420 : 460, top + 28);
  });
  // ICAO 9303 prints the MRZ at 10 characters per inch over the page's full width; here 44 (or 30)
  // cells fill the width less the margins.
  const cellWidth = (width - 120) / mrz[0]!.length;
  g.font = `${Math.round(cellWidth * 1.45)}px OCR-B`;
  const lineHeight = cellWidth * 2;
  mrz.forEach((line, i) => {
    [...line].forEach((c, k) => g.fillText(c, 60 + k * cellWidth, height - 60 - (mrz.length - 1 - i) * lineHeight));
  });
  return withMarker(canvas.toBuffer('image/png'), idDocumentMarker(id));
}

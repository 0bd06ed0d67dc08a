import { crc32 } from 'node:zlib';
import { AppError } from '../../lib/errors.js';
import { lazy } from '../../lib/lazy.js';
import type { IdImage } from '../../integrations/ocr/ocr.port.js';

/**
 * Pictures of ID documents as guests and staff send them: recognised by their first bytes (never the
 * file name or a declared type), limited in size, and cleaned of metadata before anything else
 * sees them. They stay in memory; only the caller decides (per the property's setting) whether a
 * cleaned copy is kept.
 */

/** Largest picture taken, decoded: a 12-megapixel phone JPEG is 3–6 MB; a scan as PNG up to about 8. */
export const ID_PICTURE_MAX_BYTES = 10 * 1024 * 1024;
/** The same limit on the base64 text that carries it. */
export const ID_PICTURE_MAX_BASE64 = Math.ceil(ID_PICTURE_MAX_BYTES / 3) * 4;

export type PictureFormat = 'jpeg' | 'png' | 'heic' | 'pdf';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** ISO BMFF brands of HEIF pictures coded in HEVC (what iPhones write); `avif` is not among them. */
const HEIC_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1']);

/** What the bytes are, by their signature alone; null for anything else. */
export function pictureFormat(bytes: Buffer): PictureFormat | null {
  if (bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return 'png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') return 'pdf';
  if (bytes.subarray(4, 8).toString('latin1') === 'ftyp' && HEIC_BRANDS.has(bytes.subarray(8, 12).toString('latin1'))) return 'heic';
  return null;
}

const fieldError = (code: 'validation_failed' | 'unsupported_media_type' | 'payload_too_large', field: string, message: string) =>
  new AppError(code, message, { details: [{ field, message }] });

/**
 * The comments a picture carries (PNG `tEXt`/`iTXt` chunks with the keyword `Comment`, JPEG `COM`
 * segments). They survive cleaning: the OCR mock readers find the test document they stand for in
 * them, and a comment is text someone wrote into the file, not the camera's record of where and
 * when (that is EXIF, XMP and GPS, which go).
 */
export function pictureComments(bytes: Buffer, format: 'png' | 'jpeg'): string[] {
  const comments: string[] = [];
  if (format === 'png') {
    for (let at = 8; at + 12 <= bytes.length; ) {
      const length = bytes.readUInt32BE(at);
      const type = bytes.toString('latin1', at + 4, at + 8);
      const data = bytes.subarray(at + 8, Math.min(at + 8 + length, bytes.length));
      if (type === 'tEXt' || type === 'iTXt') {
        const nul = data.indexOf(0);
        if (nul > 0 && data.toString('latin1', 0, nul) === 'Comment') {
          // iTXt: keyword, NUL, compression flag and method, language tag NUL, translated keyword NUL, text.
          const text = type === 'tEXt' ? data.subarray(nul + 1).toString('latin1') : data[nul + 1] === 0 ? itxtText(data.subarray(nul + 3)) : undefined;
          if (text) comments.push(text);
        }
      }
      if (type === 'IEND') break;
      at += 12 + length;
    }
    return comments;
  }
  for (let at = 2; at + 4 <= bytes.length && bytes[at] === 0xff; ) {
    const marker = bytes[at + 1]!;
    if (marker === 0xda || marker === 0xd9) break;
    const length = bytes.readUInt16BE(at + 2);
    if (marker === 0xfe) comments.push(bytes.toString('latin1', at + 4, Math.min(at + 2 + length, bytes.length)));
    at += 2 + length;
  }
  return comments;
}

function itxtText(rest: Buffer): string | undefined {
  const language = rest.indexOf(0);
  const translated = language < 0 ? -1 : rest.indexOf(0, language + 1);
  return translated < 0 ? undefined : rest.subarray(translated + 1).toString('utf8');
}

function withComments(clean: Buffer, format: 'png' | 'jpeg', comments: string[]): Buffer {
  if (comments.length === 0) return clean;
  if (format === 'jpeg') {
    const segments = comments.map((comment) => {
      const text = Buffer.from(comment, 'latin1').subarray(0, 65_533);
      const segment = Buffer.alloc(4 + text.length);
      segment.writeUInt16BE(0xfffe, 0);
      segment.writeUInt16BE(text.length + 2, 2);
      text.copy(segment, 4);
      return segment;
    });
    return Buffer.concat([clean.subarray(0, 2), ...segments, clean.subarray(2)]);
  }
  const iend = clean.length - 12;
  return Buffer.concat([clean.subarray(0, iend), ...comments.map((comment) => pngChunk('tEXt', Buffer.from(`Comment\0${comment}`, 'latin1'))), clean.subarray(iend)]);
}

/** A PNG chunk: length, type, data and the CRC over type and data (PNG §5.3). */
export function pngChunk(type: string, data: Buffer): Buffer {
  const chunk = Buffer.alloc(12 + data.length);
  chunk.writeUInt32BE(data.length, 0);
  chunk.write(type, 4, 'latin1');
  data.copy(chunk, 8);
  chunk.writeUInt32BE(crc32(chunk.subarray(4, 8 + data.length)), 8 + data.length);
  return chunk;
}

/**
 * sharp, loaded by the first picture: with libvips it is about 25 MB of memory and 70 ms that every
 * API process paid at start, though only check-in uploads and signatures use it.
 */
export const loadSharp = lazy(async () => (await import('sharp')).default);

/**
 * A picture decoded and written again by sharp (libvips), which keeps no metadata unless asked:
 * EXIF (with GPS), XMP, IPTC and ICC profiles are gone. The EXIF orientation is applied first, so a
 * phone photo taken sideways reaches the reader upright. PNG stays PNG (lossless, what a scan
 * reader wants); JPEG stays JPEG at a quality that keeps an MRZ's strokes.
 */
async function cleanRaster(bytes: Buffer, format: 'png' | 'jpeg', comments: string[]): Promise<Buffer> {
  const sharp = await loadSharp();
  const image = sharp(bytes, { failOn: 'error' }).rotate();
  const clean = format === 'png' ? await image.png().toBuffer() : await image.jpeg({ quality: 95, chromaSubsampling: '4:4:4' }).toBuffer();
  return withComments(clean, format, comments);
}

/** A PDF without its document information (author, creator, dates) and XMP metadata. */
async function cleanPdf(bytes: Buffer): Promise<Buffer> {
  // Imported on first use, as is heic-convert: together some 200 ms at every process start otherwise.
  const { PDFDocument, PDFName } = await import('pdf-lib');
  const pdf = await PDFDocument.load(bytes, { updateMetadata: false });
  pdf.catalog.delete(PDFName.of('Metadata'));
  for (const page of pdf.getPages()) page.node.delete(PDFName.of('Metadata'));
  pdf.context.trailerInfo.Info = undefined;
  return Buffer.from(await pdf.save({ updateFieldAppearances: false }));
}

/**
 * One uploaded picture (base64), checked and cleaned, ready for the OCR reader. HEIC (iPhone
 * photos) becomes JPEG: no reader we use takes HEIC, and sharp's prebuilt libvips decodes only
 * AVIF-coded HEIF. `field` names the body field in errors.
 */
export async function cleanIdPicture(base64: string, field: string): Promise<IdImage> {
  const bytes = Buffer.from(base64.replace(/^data:[^,]{0,100},/, ''), 'base64');
  if (bytes.length === 0) throw fieldError('validation_failed', field, 'The picture is empty.');
  if (bytes.length > ID_PICTURE_MAX_BYTES) throw fieldError('payload_too_large', field, `A picture may be at most ${ID_PICTURE_MAX_BYTES / 1024 / 1024} MB.`);
  const format = pictureFormat(bytes);
  if (!format) throw fieldError('unsupported_media_type', field, 'Send a photo or scan as JPEG, PNG, HEIC or PDF.');
  try {
    switch (format) {
      case 'pdf':
        return { bytes: await cleanPdf(bytes), mimeType: 'application/pdf' };
      case 'heic': {
        const { default: heicConvert } = await import('heic-convert');
        const jpeg = Buffer.from(await heicConvert({ buffer: bytes, format: 'JPEG', quality: 0.95 }));
        return { bytes: await cleanRaster(jpeg, 'jpeg', []), mimeType: 'image/jpeg' };
      }
      default:
        return { bytes: await cleanRaster(bytes, format, pictureComments(bytes, format)), mimeType: format === 'png' ? 'image/png' : 'image/jpeg' };
    }
  } catch (error) {
    throw new AppError('validation_failed', 'The picture could not be opened: it may be damaged or cut short. Please take it again.', {
      details: [{ field, message: 'The picture could not be opened.' }],
      cause: error,
    });
  }
}

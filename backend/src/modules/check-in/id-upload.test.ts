import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { readImage } from '../../../../mocks/shared/id-documents.js';
import { documentPicture } from '../../../test/id-document-pictures.js';
import { cleanIdPicture, pictureComments, pictureFormat, pngChunk } from './id-upload.js';

/** A PNG with the metadata a camera app or editor writes: EXIF (eXIf), XMP (iTXt) and a creation time. */
function pngWithMetadata(png: Buffer, exif: Buffer): Buffer {
  const xmp = Buffer.from('XML:com.adobe.xmp\0\0\0\0\0<x:xmpmeta><exif:GPSLatitude>38,42.5N</exif:GPSLatitude></x:xmpmeta>', 'latin1');
  const iend = png.length - 12;
  return Buffer.concat([png.subarray(0, 33), pngChunk('eXIf', exif), pngChunk('iTXt', xmp), pngChunk('tEXt', Buffer.from('Creation Time\0Mon, 30 Nov 2026', 'latin1')), png.subarray(33, iend), png.subarray(iend)]);
}

describe('ID pictures', () => {
  it('tells formats by their bytes, whatever they are called', () => {
    expect(pictureFormat(documentPicture('passport-deu'))).toBe('png');
    expect(pictureFormat(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('jpeg');
    expect(pictureFormat(Buffer.from('%PDF-1.7\n'))).toBe('pdf');
    expect(pictureFormat(Buffer.from('\0\0\0\x18ftypheic\0\0\0\0', 'latin1'))).toBe('heic');
    expect(pictureFormat(Buffer.from('\0\0\0\x18ftypavif\0\0\0\0', 'latin1'))).toBeNull();
    expect(pictureFormat(Buffer.from('GIF89a'))).toBeNull();
  });

  it('removes EXIF with GPS and XMP from a JPEG, keeps its comment, and turns it upright', async () => {
    const jpeg = await sharp({ create: { width: 64, height: 32, channels: 3, background: '#ffffff' } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .withExif({ IFD0: { Copyright: 'somewhere-secret' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '38/1 42/1 30/1' } })
      .toBuffer();
    const comment = Buffer.from('innkeeper-id:passport-deu', 'latin1');
    const segment = Buffer.concat([Buffer.from([0xff, 0xfe, 0, comment.length + 2]), comment]);
    const marked = Buffer.concat([jpeg.subarray(0, 2), segment, jpeg.subarray(2)]);
    expect((await sharp(marked).metadata()).exif).toBeDefined();

    const clean = Buffer.from((await cleanIdPicture(marked.toString('base64'), 'body.front')).bytes);
    const metadata = await sharp(clean).metadata();
    expect(metadata.exif).toBeUndefined();
    expect(metadata.xmp).toBeUndefined();
    expect([metadata.width, metadata.height]).toEqual([32, 64]);
    expect(clean.toString('latin1')).not.toContain('somewhere-secret');
    expect(pictureComments(clean, 'jpeg')).toEqual(['innkeeper-id:passport-deu']);
    expect(readImage(clean).document).toBe('passport-deu');
  });

  it('removes eXIf, XMP and other text from a PNG and keeps its comment (the readers still know the document)', async () => {
    const exif = await sharp({ create: { width: 1, height: 1, channels: 3, background: '#fff' } })
      .jpeg()
      .withExif({ IFD0: { Copyright: 'somewhere-secret' } })
      .toBuffer();
    const dirty = pngWithMetadata(documentPicture('passport-deu'), exif.subarray(0, 200));
    expect(dirty.toString('latin1')).toContain('GPSLatitude');
    const clean = Buffer.from((await cleanIdPicture(dirty.toString('base64'), 'body.front')).bytes);
    const text = clean.toString('latin1');
    for (const gone of ['eXIf', 'GPSLatitude', 'xmpmeta', 'Creation Time']) expect(text).not.toContain(gone);
    expect(pictureComments(clean, 'png')).toEqual(['innkeeper-id:passport-deu']);
    expect(readImage(clean)).toMatchObject({ format: 'png', complete: true, document: 'passport-deu' });
  });

  it('drops a PDF’s document information and XMP', async () => {
    const { PDFDocument } = await import('pdf-lib');
    const pdf = await PDFDocument.create();
    pdf.addPage([200, 100]);
    pdf.setAuthor('Erika Mustermann');
    pdf.setCreator('Scanner at Rua Augusta 12');
    const clean = await cleanIdPicture(Buffer.from(await pdf.save()).toString('base64'), 'body.front');
    expect(clean.mimeType).toBe('application/pdf');
    const text = Buffer.from(clean.bytes).toString('latin1');
    expect(text).not.toContain('Mustermann');
    expect(text).not.toContain('Rua Augusta');
  });
});

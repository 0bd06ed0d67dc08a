import { crc32, deflateSync } from 'node:zlib';
import { idDocumentMarker, type IdDocumentId } from './id-documents.js';

/**
 * Small valid images carrying an identity-document marker (id-documents.ts), so tests here and in
 * the backend can send the ID-reading mocks "an ID document" without image files in the repository. PNGs carry the marker
 * in a `tEXt` chunk, JPEGs in a comment (COM) segment: where photo tools keep a caption, and where
 * compressed pixel data cannot contain it by accident.
 */
export type ImageFormat = 'png' | 'jpeg';

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

/** An 8×5 grey PNG (8-bit greyscale), with `comment` in a tEXt chunk when given. */
function png(comment: string | null): Buffer {
  const [width, height] = [8, 5];
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 0, 0, 0, 0], 8);
  // Each row: filter byte 0, then one byte per pixel.
  const rows = Buffer.alloc((width + 1) * height, 0x80);
  for (let row = 0; row < height; row++) rows[row * (width + 1)] = 0;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    ...(comment === null ? [] : [pngChunk('tEXt', Buffer.from(`Comment\0${comment}`, 'latin1'))]),
    pngChunk('IDAT', deflateSync(rows)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

const jpegSegment = (marker: number, data: Buffer) => Buffer.concat([Buffer.from([0xff, marker, (data.length + 2) >> 8, (data.length + 2) & 0xff]), data]);

/**
 * An 8×8 mid-grey baseline JPEG: one quantisation table, Huffman tables with a single code each (DC
 * difference 0, end of block), one block coded as the bits `00`, and `comment` in a COM segment.
 */
function jpeg(comment: string | null): Buffer {
  const oneCodeTable = (tableClass: number) => Buffer.from([tableClass << 4, 1, ...Array(15).fill(0), 0]);
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    ...(comment === null ? [] : [jpegSegment(0xfe, Buffer.from(comment, 'latin1'))]),
    jpegSegment(0xdb, Buffer.from([0, ...Array(64).fill(1)])),
    jpegSegment(0xc0, Buffer.from([8, 0, 8, 0, 8, 1, 1, 0x11, 0])),
    jpegSegment(0xc4, oneCodeTable(0)),
    jpegSegment(0xc4, oneCodeTable(1)),
    jpegSegment(0xda, Buffer.from([1, 1, 0x00, 0, 63, 0])),
    Buffer.from([0x3f, 0xff, 0xd9]),
  ]);
}

/** An image whose metadata holds `comment` verbatim (null: no comment at all). */
export const imageWithComment = (comment: string | null, format: ImageFormat = 'png') => (format === 'png' ? png(comment) : jpeg(comment));

/** The image the ID-reading mocks read as that document (id-documents.ts). */
export const fixtureImage = (id: IdDocumentId, format: ImageFormat = 'png') => imageWithComment(idDocumentMarker(id), format);

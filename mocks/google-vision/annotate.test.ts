import { describe, expect, it } from 'vitest';
import { fixtureImage, imageWithComment } from '../shared/fixture-images.js';
import { td3Checks } from '../shared/mrz-checks.js';
import { useGoogleVisionMock } from './test-support.js';

const running = useGoogleVisionMock();
const documentText = (content: Buffer) => ({ image: { content }, features: [{ type: 'DOCUMENT_TEXT_DETECTION' as const }] });

type Word = { symbols?: Array<{ text?: string | null; property?: { detectedBreak?: { type?: unknown } | null } | null }> | null };
/** The text as a reader rebuilds it from the structure: symbols, then each word's break. */
function textFromStructure(annotation: any): string {
  let text = '';
  for (const block of annotation.pages[0].blocks) {
    for (const paragraph of block.paragraphs) {
      for (const word of paragraph.words as Word[]) {
        for (const symbol of word.symbols ?? []) text += symbol.text;
        const type = String(word.symbols?.at(-1)?.property?.detectedBreak?.type ?? '');
        text += type === 'SPACE' || type === 'SURE_SPACE' ? ' ' : type === 'EOL_SURE_SPACE' || type === 'LINE_BREAK' ? '\n' : '';
      }
    }
  }
  return text;
}

describe('Google Vision mock: images:annotate through @google-cloud/vision over REST', () => {
  it('reads a passport: its labelled printed lines and its MRZ, as textAnnotations and fullTextAnnotation', async () => {
    const [answer] = await running.client.batchAnnotateImages({ requests: [documentText(fixtureImage('passport-deu'))] });
    const [response] = answer.responses!;
    const text = response!.fullTextAnnotation!.text!;
    expect(text).toContain('Name/Surname/Nom\nMUSTERMANN\nVornamen/Given names/Prénoms\nERIKA\n');
    expect(text).toContain('Geburtstag/Date of birth/Date de naissance\n12.08.1983\n');
    expect(text).toContain('Pass-Nr./Passport No./Passeport N°\nC4J7R2K95\n');
    const mrz = text.trimEnd().split('\n').slice(-2).join('\n');
    expect(mrz).toMatch(/^P<D<<MUSTERMANN<<ERIKA<+\nC4J7R2K95/);
    expect(td3Checks(mrz)).toEqual({ documentNumber: true, birth: true, expiry: true, composite: true });
    // The whole text first, then one entry per word, each with where it is.
    expect(response!.textAnnotations![0]).toMatchObject({ locale: 'en', description: text });
    expect(response!.textAnnotations!.slice(1).map((word) => word.description)).toEqual(text.split(/\s+/).filter(Boolean));
    expect(textFromStructure(response!.fullTextAnnotation)).toBe(text);
    const words = response!.fullTextAnnotation!.pages![0]!.blocks!.flatMap((block) => block.paragraphs!.flatMap((paragraph) => paragraph.words!));
    for (const word of words) expect(word.confidence).toBeGreaterThan(0.85);
    const [logged] = await running.logged();
    expect(logged).toMatchObject({ path: '/v1/images:annotate', keySource: 'header', keyValid: true, enumEncoding: 'int', status: 200 });
    expect(logged!.images).toEqual([{ source: 'content', byteLength: expect.any(Number), format: 'png', document: 'passport-deu', features: ['DOCUMENT_TEXT_DETECTION'], errorCode: null }]);
  });

  it('sends enums as numbers and an empty labels map, as the REST transport does, and answers enums as numbers then', async () => {
    await running.client.batchAnnotateImages({ requests: [{ image: { content: fixtureImage('passport-deu') }, features: [{ type: 'TEXT_DETECTION' }] }] });
    const [exchange] = running.traffic();
    expect(exchange!.request.url).toBe('/v1/images:annotate?$alt=json%3Benum-encoding=int');
    expect(JSON.parse(exchange!.request.body!)).toMatchObject({ requests: [{ features: [{ type: 5 }] }], labels: {} });
    const block = JSON.parse(exchange!.response.body).responses[0].fullTextAnnotation.pages[0].blocks[0];
    expect(block.blockType).toBe(1);
    // The title block's first line ends in EOL_SURE_SPACE (3), its last in LINE_BREAK (5).
    expect(block.paragraphs[0].words.map((word: any) => word.symbols.at(-1).property.detectedBreak.type)).toEqual([3, 5]);
  });

  it('takes enum names and the key in ?key= from a plain REST client, and answers names', async () => {
    const answer = await running.post(`/v1/images:annotate?key=${encodeURIComponent('innkeeperMockGoogleVisionApiKey00000001')}`, {
      requests: [{ image: { content: fixtureImage('passport-expired', 'jpeg').toString('base64') }, features: [{ type: 'TEXT_DETECTION', maxResults: 10 }] }],
    });
    expect(answer.status).toBe(200);
    const annotation = answer.body.responses[0].fullTextAnnotation;
    expect(annotation.pages[0].blocks[0].blockType).toBe('TEXT');
    expect(annotation.text).toContain('Surname/Nom (1)\nUK SPECIMEN\n');
    expect(annotation.text).toContain("Date of expiry/Date d'expiration (9)\n30 JUN 2021\n");
    expect((await running.logged())[0]).toMatchObject({ keySource: 'query', enumEncoding: 'string' });
  });

  it('prints a US driving licence with AAMVA codes and values on one line, and no MRZ', async () => {
    const [answer] = await running.client.batchAnnotateImages({ requests: [documentText(fixtureImage('driver-license-us'))] });
    const lines = answer.responses![0]!.fullTextAnnotation!.text!.split('\n');
    expect(lines).toEqual(expect.arrayContaining(['DL I7654321', 'EXP 08/31/2031', 'LN CARDHOLDER', 'FN IMA SPECIMEN', 'DOB 08/31/1977', 'SEX F']));
    expect(lines.some((line) => line.includes('<<'))).toBe(false);
  });

  it('leaves an illegible value out under its label, with the low confidences of a blurred picture', async () => {
    const [answer] = await running.client.batchAnnotateImages({ requests: [documentText(fixtureImage('passport-blurry'))] });
    const annotation = answer.responses![0]!.fullTextAnnotation!;
    expect(annotation.text).toContain('Date of birth/Date de naissance\nSex/Sexe\n');
    const confidences = annotation.pages![0]!.blocks!.map((block) => block.confidence!);
    expect(Math.max(...confidences)).toBeLessThan(0.5);
    expect(td3Checks(annotation.text!.trimEnd().split('\n').slice(-2).join('\n')).documentNumber).toBe(true);
  });

  it('keeps a failed check digit as printed: checking it is the reader’s job', async () => {
    const [answer] = await running.client.batchAnnotateImages({ requests: [documentText(fixtureImage('passport-bad-check-digit'))] });
    const text = answer.responses![0]!.fullTextAnnotation!.text!;
    expect(td3Checks(text.trimEnd().split('\n').slice(-2).join('\n')).documentNumber).toBe(false);
  });

  it('answers each image of a batch on its own: per-image errors inside a 200, and {} where there is no text', async () => {
    const pdf = Buffer.from('%PDF-1.7\n%%EOF\n');
    const truncated = fixtureImage('passport-deu').subarray(0, -12);
    const [answer] = await running.client.batchAnnotateImages({
      requests: [
        documentText(pdf),
        documentText(truncated),
        documentText(fixtureImage('unreadable')),
        documentText(imageWithComment(null, 'jpeg')),
        { image: { source: { imageUri: 'https://example.com/passport.jpg' } }, features: [{ type: 'DOCUMENT_TEXT_DETECTION' }] },
        documentText(fixtureImage('id-card-ita')),
      ],
    });
    const [exchange] = running.traffic();
    expect(exchange!.response.status).toBe(200);
    const raw = JSON.parse(exchange!.response.body).responses;
    expect(raw.slice(0, 5)).toEqual([
      { error: { code: 3, message: 'Bad image data.' } },
      { error: { code: 3, message: 'Bad image data.' } },
      {},
      {},
      { error: { code: 7, message: 'We can not access the URL currently. Please download the content and pass it in.' } },
    ]);
    expect(answer.responses![5]!.fullTextAnnotation!.text).toContain('COGNOME/SURNAME\nROSSI\n');
    expect((await running.logged())[0]!.images.map((image) => [image.format, image.document, image.errorCode])).toEqual([
      [null, null, 3],
      ['png', 'passport-deu', 3],
      ['png', 'unreadable', null],
      ['jpeg', null, null],
      [null, null, 7],
      ['png', 'id-card-ita', null],
    ]);
    // Put back for the spec check after the test.
    running.traffic().push(exchange!);
  });
});

import { AnalyzeIDCommand, type IdentityDocument } from '@aws-sdk/client-textract';
import { describe, expect, it } from 'vitest';
import { FIELD_KEYS } from './documents.js';
import { fixtureImage, imageWithComment } from '../shared/fixture-images.js';
import { td3Checks } from '../shared/mrz-checks.js';
import { useTextractMock } from './test-support.js';

const fieldsOf = (document: IdentityDocument | undefined) =>
  Object.fromEntries((document?.IdentityDocumentFields ?? []).map((field) => [field.Type!.Text!, field.ValueDetection!]));

describe('Textract mock AnalyzeID', () => {
  const running = useTextractMock();
  const analyze = (...pages: Buffer[]) => running.client.send(new AnalyzeIDCommand({ DocumentPages: pages.map((Bytes) => ({ Bytes })) }));

  it('reads the German specimen passport in part, with a valid MRZ', async () => {
    const result = await analyze(fixtureImage('passport-deu'));
    expect(result.DocumentMetadata).toEqual({ Pages: 1 });
    expect(result.AnalyzeIDModelVersion).toBe('1.0');
    expect(result.$metadata).toMatchObject({ httpStatusCode: 200, requestId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    const [document] = result.IdentityDocuments!;
    expect(document!.DocumentIndex).toBe(1);
    expect(document!.IdentityDocumentFields!.map((field) => field.Type!.Text)).toEqual([...FIELD_KEYS]);
    const fields = fieldsOf(document);
    expect(fields.FIRST_NAME).toMatchObject({ Text: 'ERIKA' });
    expect(fields.LAST_NAME).toMatchObject({ Text: 'MUSTERMANN' });
    expect(fields.ID_TYPE).toMatchObject({ Text: 'PASSPORT' });
    expect(fields.DATE_OF_BIRTH).toMatchObject({ Text: '12.08.1983', NormalizedValue: { Value: '1983-08-12T00:00:00', ValueType: 'DATE' } });
    // Outside the US AnalyzeID leaves fields empty; the MRZ has them.
    expect([fields.PLACE_OF_BIRTH!.Text, fields.DATE_OF_ISSUE!.Text]).toEqual(['', '']);
    expect(fields.MRZ_CODE!.Text).toMatch(/^P<D<<MUSTERMANN<<ERIKA<{22}\nC4J7R2K95\dD<<8308126F351031\d<{15}\d$/);
    expect(td3Checks(fields.MRZ_CODE!.Text!)).toEqual({ documentNumber: true, birth: true, expiry: true, composite: true });
    for (const field of Object.values(fields)) expect(field.Confidence).toBeGreaterThan(80);
    // The text on the page as LINE blocks, MRZ lines included, under one PAGE block.
    const lines = document!.Blocks!.filter((block) => block.BlockType === 'LINE').map((block) => block.Text);
    expect(lines).toEqual(expect.arrayContaining(['ERIKA', 'MUSTERMANN', ...fields.MRZ_CODE!.Text!.split('\n')]));
    expect(document!.Blocks![0]).toMatchObject({ BlockType: 'PAGE', Relationships: [{ Type: 'CHILD', Ids: expect.any(Array) }] });
  });

  it('reads every field of the US driver licence, as JPEG', async () => {
    const [document] = (await analyze(fixtureImage('driver-license-us', 'jpeg'))).IdentityDocuments!;
    const fields = fieldsOf(document);
    expect(fields.ID_TYPE!.Text).toBe('DRIVER LICENSE FRONT');
    expect([fields.FIRST_NAME!.Text, fields.MIDDLE_NAME!.Text, fields.LAST_NAME!.Text]).toEqual(['IMA', 'SPECIMEN', 'CARDHOLDER']);
    expect([fields.STATE_IN_ADDRESS!.Text, fields.ZIP_CODE_IN_ADDRESS!.Text, fields.CLASS!.Text]).toEqual(['CA', '95818', 'C']);
    expect(fields.EXPIRATION_DATE!.NormalizedValue).toEqual({ Value: '2031-08-31T00:00:00', ValueType: 'DATE' });
    expect(fields.MRZ_CODE!.Text).toBe('');
  });

  it('reads an expired passport as it is: the expiry date is in the past, the MRZ valid', async () => {
    const fields = fieldsOf((await analyze(fixtureImage('passport-expired'))).IdentityDocuments![0]);
    expect(fields.EXPIRATION_DATE!.NormalizedValue!.Value).toBe('2021-06-30T00:00:00');
    expect(td3Checks(fields.MRZ_CODE!.Text!)).toEqual({ documentNumber: true, birth: true, expiry: true, composite: true });
  });

  it('returns the MRZ of the bad-check-digit passport as printed, its document-number check failing', async () => {
    const fields = fieldsOf((await analyze(fixtureImage('passport-bad-check-digit'))).IdentityDocuments![0]);
    expect(td3Checks(fields.MRZ_CODE!.Text!)).toMatchObject({ documentNumber: false, birth: true, expiry: true });
  });

  it('reads the blurry passport with low confidence and gaps', async () => {
    const fields = fieldsOf((await analyze(fixtureImage('passport-blurry', 'jpeg'))).IdentityDocuments![0]);
    expect(fields.LAST_NAME).toMatchObject({ Text: 'DE BRUIJN' });
    expect(fields.LAST_NAME!.Confidence).toBeLessThan(50);
    expect(fields.DATE_OF_BIRTH!.Text).toBe('');
  });

  it('answers a page without a known marker with every field empty', async () => {
    for (const image of [imageWithComment(null), imageWithComment('innkeeper-id:no-such-fixture', 'jpeg')]) {
      const [document] = (await analyze(image)).IdentityDocuments!;
      expect(document!.IdentityDocumentFields).toHaveLength(FIELD_KEYS.length);
      expect(document!.IdentityDocumentFields!.every((field) => field.ValueDetection!.Text === '' && field.ValueDetection!.Confidence === 0)).toBe(true);
      expect(document!.Blocks).toEqual([expect.objectContaining({ BlockType: 'PAGE' })]);
    }
  });

  it('answers two pages (front and back) with one document each, and the same page the same way twice', async () => {
    const result = await analyze(fixtureImage('driver-license-us'), imageWithComment(null));
    expect(result.DocumentMetadata).toEqual({ Pages: 2 });
    expect(result.IdentityDocuments!.map((document) => document.DocumentIndex)).toEqual([1, 2]);
    const again = await analyze(fixtureImage('driver-license-us'));
    expect(again.IdentityDocuments![0]).toEqual(result.IdentityDocuments![0]);
  });

  it('logs target, key id, page sizes and fixtures, never the image', async () => {
    await running.control('/__control/requests', undefined, 'DELETE');
    const image = fixtureImage('passport-deu');
    await analyze(image);
    const [entry, ...others] = await running.logged();
    expect(others).toEqual([]);
    expect(entry).toMatchObject({
      target: 'Textract.AnalyzeID',
      accessKeyId: 'INNKEEPERMOCKKEYID01',
      region: 'us-east-1',
      status: 200,
      errorType: null,
      pages: [{ source: 'Bytes', byteLength: image.length, format: 'png', fixture: 'passport-deu' }],
    });
    expect(entry!.bodyBytes).toBeGreaterThan(image.length);
    expect(JSON.stringify(entry)).not.toContain(image.toString('base64').slice(0, 16));
  });
});

import { getLongRunningPoller, type AnalyzeOperationOutput, type DocumentFieldOutput } from '@azure-rest/ai-document-intelligence';
import { describe, expect, it } from 'vitest';
import { fixtureImage, imageWithComment } from '../shared/fixture-images.js';
import { icaoCheckDigit, td3Checks } from '../shared/mrz-checks.js';
import { analyzeId, useAzureMock } from './test-support.js';

/** Which check digits of a TD1 (identity card) MRZ hold. */
function td1Checks(mrz: string) {
  const [line1, line2, line3] = mrz.split('\n') as [string, string, string];
  expect([line1.length, line2.length, line3.length]).toEqual([30, 30, 30]);
  return {
    documentNumber: icaoCheckDigit(line1.slice(5, 14)) === Number(line1[14]),
    birth: icaoCheckDigit(line2.slice(0, 6)) === Number(line2[6]),
    expiry: icaoCheckDigit(line2.slice(8, 14)) === Number(line2[14]),
    composite: icaoCheckDigit(line1.slice(5, 30) + line2.slice(0, 7) + line2.slice(8, 15) + line2.slice(18, 29)) === Number(line2[29]),
  };
}

const valueOf = (field: DocumentFieldOutput | undefined) => field?.valueString ?? field?.valueDate ?? field?.valueCountryRegion;

describe('Azure Document Intelligence mock, prebuilt-idDocument', () => {
  const running = useAzureMock();

  it('answers 202 with a fully qualified Operation-Location, then running, then the German passport with its MRZ', async () => {
    const operation = await analyzeId(running.client, fixtureImage('passport-deu'));
    const [post, running1, done, ...others] = running.traffic().map((exchange) => ({ ...exchange, body: exchange.response.body ? JSON.parse(exchange.response.body) : null }));
    expect(others).toEqual([]);
    expect(post!.response.status).toBe(202);
    expect(post!.response.headers['operation-location']).toMatch(
      new RegExp(`^${running.url}/documentintelligence/documentModels/prebuilt-idDocument/analyzeResults/[0-9a-f-]{36}\\?api-version=2024-11-30$`),
    );
    expect(post!.response.headers['apim-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(post!.response.headers['retry-after']).toBe('0');
    expect(running1!.body).toMatchObject({ status: 'running' });
    expect(done!.body.status).toBe('succeeded');

    expect(operation.status).toBe('succeeded');
    const result = operation.analyzeResult!;
    expect(result).toMatchObject({ apiVersion: '2024-11-30', modelId: 'prebuilt-idDocument', stringIndexType: 'textElements' });
    const [document] = result.documents!;
    expect(document!.docType).toBe('idDocument.passport');
    const fields = document!.fields!;
    expect(Object.fromEntries(Object.entries(fields).map(([name, field]) => [name, [field.type, valueOf(field)]]))).toMatchObject({
      FirstName: ['string', 'ERIKA'],
      LastName: ['string', 'MUSTERMANN'],
      DocumentNumber: ['string', 'C4J7R2K95'],
      DateOfBirth: ['date', '1983-08-12'],
      DateOfExpiration: ['date', '2035-10-31'],
      Sex: ['string', 'F'],
      Nationality: ['countryRegion', 'DEU'],
      CountryRegion: ['countryRegion', 'DEU'],
      PlaceOfBirth: ['string', 'BERLIN'],
    });
    expect(fields.DateOfBirth!.content).toBe('12.08.1983');
    const mrz = fields.MachineReadableZone!;
    expect(mrz.type).toBe('object');
    expect(mrz.content).toMatch(/^P<D<<MUSTERMANN<<ERIKA<{22}\nC4J7R2K95\dD<<8308126F351031\d<{15}\d$/);
    expect(td3Checks(mrz.content!)).toEqual({ documentNumber: true, birth: true, expiry: true, composite: true });
    expect(valueOf(mrz.valueObject!.DocumentNumber)).toBe('C4J7R2K95');
    for (const field of Object.values(fields)) {
      expect(field.confidence).toBeGreaterThan(0.8);
      expect(field.confidence).toBeLessThanOrEqual(1);
      // Every field's span points at its printed text in the page's content.
      const [span] = field.spans!;
      expect(result.content.slice(span!.offset, span!.offset + span!.length)).toBe(field.content);
    }
    expect(result.pages[0]!.lines!.map((line) => line.content)).toEqual(result.content.split('\n'));
  });

  it('reads the Italian identity card, whose TD1 MRZ holds', async () => {
    const document = (await analyzeId(running.client, fixtureImage('id-card-ita', 'jpeg'))).analyzeResult!.documents![0]!;
    expect(document.docType).toBe('idDocument.nationalIdentityCard');
    expect([valueOf(document.fields!.FirstName), valueOf(document.fields!.LastName), valueOf(document.fields!.CountryRegion)]).toEqual(['GIULIA', 'ROSSI', 'ITA']);
    expect(td1Checks(document.fields!.MachineReadableZone!.content!)).toEqual({ documentNumber: true, birth: true, expiry: true, composite: true });
  });

  it('reads the US driver licence with its address, class and document discriminator, and no MRZ', async () => {
    const fields = (await analyzeId(running.client, fixtureImage('driver-license-us'))).analyzeResult!.documents![0]!.fields!;
    expect(fields.Address).toMatchObject({ type: 'address', valueAddress: { houseNumber: '1234', road: 'SPECIMEN AVE', city: 'SACRAMENTO', state: 'CA', postalCode: '95818' } });
    expect([valueOf(fields.Region), valueOf(fields.VehicleClassifications), valueOf(fields.CountryRegion)]).toEqual(['CALIFORNIA', 'C', 'USA']);
    expect(valueOf(fields.DocumentDiscriminator)).toMatch(/^I7654321\d{8}$/);
    expect(fields.MachineReadableZone).toBeUndefined();
  });

  it('reads an expired passport as it is, and the bad-check-digit MRZ as printed', async () => {
    const expired = (await analyzeId(running.client, fixtureImage('passport-expired'))).analyzeResult!.documents![0]!.fields!;
    expect(valueOf(expired.DateOfExpiration)).toBe('2021-06-30');
    expect(td3Checks(expired.MachineReadableZone!.content!)).toEqual({ documentNumber: true, birth: true, expiry: true, composite: true });
    const bad = (await analyzeId(running.client, fixtureImage('passport-bad-check-digit'))).analyzeResult!.documents![0]!.fields!;
    expect(td3Checks(bad.MachineReadableZone!.content!)).toMatchObject({ documentNumber: false, birth: true, expiry: true });
  });

  it('reads the blurry passport at low confidence, without the birth date it cannot see', async () => {
    const document = (await analyzeId(running.client, fixtureImage('passport-blurry'))).analyzeResult!.documents![0]!;
    expect(document.confidence).toBeLessThan(0.5);
    expect(document.fields!.LastName!.confidence).toBeLessThan(0.5);
    expect(document.fields!.DateOfBirth).toBeUndefined();
  });

  it('fails the operation for the unreadable document with InvalidRequest / InvalidContent', async () => {
    await expect(analyzeId(running.client, fixtureImage('unreadable'))).rejects.toThrow(/The long-running operation has failed\. InvalidContent\. Invalid request\. The file is corrupted/);
    const final = JSON.parse(running.traffic().at(-1)!.response.body);
    expect(final).toMatchObject({ status: 'failed', error: { code: 'InvalidRequest', innererror: { code: 'InvalidContent' } } });
    expect(final.analyzeResult).toBeUndefined();
  });

  it('finds no document on a picture without a known marker', async () => {
    const result = (await analyzeId(running.client, imageWithComment(null))).analyzeResult!;
    expect(result.documents).toEqual([]);
    expect(result.content).toBe('');
  });

  it('takes the picture as the raw body too, and the same picture gives the same answer', async () => {
    const picture = fixtureImage('passport-deu', 'jpeg');
    const initial = await running.client.path('/documentModels/{modelId}:analyze', 'prebuilt-idDocument').post({ contentType: 'image/jpeg', body: picture });
    expect(initial.status).toBe('202');
    const raw = (await getLongRunningPoller(running.client, initial, { intervalInMs: 0 }).pollUntilDone()).body as AnalyzeOperationOutput;
    expect(raw.status).toBe('succeeded');
    expect(raw.analyzeResult).toEqual((await analyzeId(running.client, picture)).analyzeResult);
    expect((await running.logged()).filter((entry) => entry.method === 'POST').map((entry) => entry.source).slice(-2)).toEqual(['body', 'base64Source']);
  });

  it('answers running as often as the control API says, and deletes a result', async () => {
    expect((await running.control('/__control/polls', { running: 3 })).body).toEqual({ running: 3 });
    await analyzeId(running.client, fixtureImage('passport-expired'));
    expect((await running.control('/__control/polls', { running: 1 })).status).toBe(200);
    const statuses = running.traffic().map((exchange) => (exchange.response.body ? JSON.parse(exchange.response.body).status : exchange.response.status));
    expect(statuses).toEqual([202, 'running', 'running', 'running', 'succeeded']);
    const [entry] = (await running.logged()).slice(-1);
    const removed = await running.client.path('/documentModels/{modelId}/analyzeResults/{resultId}', 'prebuilt-idDocument', entry!.resultId!).delete();
    expect(removed.status).toBe('204');
    const again = await running.client.path('/documentModels/{modelId}/analyzeResults/{resultId}', 'prebuilt-idDocument', entry!.resultId!).get();
    expect(again.status).toBe('404');
  });

  it('logs the source, size and document, never the picture or the key', async () => {
    await running.control('/__control/requests', undefined, 'DELETE');
    const picture = fixtureImage('passport-deu');
    await analyzeId(running.client, picture);
    const [post, ...polls] = await running.logged();
    expect(post).toMatchObject({
      method: 'POST',
      path: '/documentintelligence/documentModels/prebuilt-idDocument:analyze',
      apiVersion: '2024-11-30',
      keyValid: true,
      source: 'base64Source',
      byteLength: picture.length,
      format: 'png',
      document: 'passport-deu',
      status: 202,
      errorCode: null,
    });
    expect(polls.map((poll) => [poll.method, poll.resultId, poll.status])).toEqual([
      ['GET', post!.resultId, 200],
      ['GET', post!.resultId, 200],
    ]);
    const logged = JSON.stringify(await running.logged());
    expect(logged).not.toContain(picture.toString('base64').slice(0, 16));
    expect(logged).not.toContain('innkeeperMockDocIntelligenceKey1');
  });
});

import { AnalyzeIDCommand } from '@aws-sdk/client-textract';
import { describe, expect, it } from 'vitest';
import { TEXTRACT_MOCK_ACCESS_KEY_ID } from './credentials.js';
import { fixtureImage } from '../shared/fixture-images.js';
import { specProblems, useTextractMock } from './test-support.js';

const command = () => new AnalyzeIDCommand({ DocumentPages: [{ Bytes: fixtureImage('passport-deu') }] });

describe('Textract mock authentication (SigV4)', () => {
  const running = useTextractMock();
  const refusal = (error: unknown) => ({ name: (error as Error).name, message: (error as Error).message, status: (error as { $metadata: { httpStatusCode: number } }).$metadata.httpStatusCode });

  it('refuses another access key id with UnrecognizedClientException', async () => {
    const client = running.sdk({ credentials: { accessKeyId: 'OTHERACCOUNTKEYID001', secretAccessKey: 'whatever' } });
    expect(refusal(await client.send(command()).catch((e: unknown) => e))).toEqual({
      name: 'UnrecognizedClientException',
      message: 'The security token included in the request is invalid.',
      status: 400,
    });
  });

  it('checks the signature itself: the demo key id with the wrong secret is InvalidSignatureException', async () => {
    const client = running.sdk({ credentials: { accessKeyId: TEXTRACT_MOCK_ACCESS_KEY_ID, secretAccessKey: 'not-the-demo-secret' } });
    const error = refusal(await client.send(command()).catch((e: unknown) => e));
    expect(error).toMatchObject({ name: 'InvalidSignatureException', status: 400 });
    expect(error.message).toMatch(/^The request signature we calculated does not match the signature you provided\./);
  });

  it('refuses a signature scoped to another region', async () => {
    const error = refusal(await running.sdk({ region: 'eu-west-1' }).send(command()).catch((e: unknown) => e));
    expect(error).toMatchObject({ name: 'InvalidSignatureException', message: expect.stringContaining("valid region, not 'eu-west-1'") });
  });

  it('refuses a signature more than 15 minutes off the clock', async () => {
    // The SDK corrects its clock from a skew error's Date header on retry; one attempt keeps the error.
    const error = refusal(await running.sdk({ systemClockOffset: -20 * 60 * 1000 }).send(command()).catch((e: unknown) => e));
    expect(error).toMatchObject({ name: 'InvalidSignatureException', message: expect.stringMatching(/^Signature expired: \d{8}T\d{6}Z is now earlier than/) });
  });

  it('answers unsigned and malformed Authorization headers as AWS does', async () => {
    const post = (headers: Record<string, string>) =>
      fetch(running.url, { method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Textract.AnalyzeID', ...headers }, body: '{}' }).then(async (response) => ({
        status: response.status,
        headers: Object.fromEntries(response.headers),
        body: await response.text(),
      }));
    const unsigned = await post({});
    expect(unsigned.status).toBe(400);
    expect(JSON.parse(unsigned.body)).toEqual({ __type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' });

    const noSignature = await post({ authorization: `AWS4-HMAC-SHA256 Credential=${TEXTRACT_MOCK_ACCESS_KEY_ID}/20261130/us-east-1/textract/aws4_request, SignedHeaders=host;x-amz-date`, 'x-amz-date': '20261130T120000Z' });
    expect(JSON.parse(noSignature.body)).toEqual({ __type: 'IncompleteSignatureException', message: expect.stringContaining("Authorization header requires 'Signature' parameter.") });

    const noDate = await post({ authorization: `AWS4-HMAC-SHA256 Credential=${TEXTRACT_MOCK_ACCESS_KEY_ID}/20261130/us-east-1/textract/aws4_request, SignedHeaders=host, Signature=${'0'.repeat(64)}` });
    expect(JSON.parse(noDate.body)).toMatchObject({ __type: 'IncompleteSignatureException', message: expect.stringContaining("'X-Amz-Date'") });

    const otherService = await post({
      authorization: `AWS4-HMAC-SHA256 Credential=${TEXTRACT_MOCK_ACCESS_KEY_ID}/20261130/us-east-1/rekognition/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'0'.repeat(64)}`,
      'x-amz-date': '20261130T120000Z',
    });
    expect(JSON.parse(otherService.body)).toMatchObject({ __type: 'InvalidSignatureException', message: expect.stringContaining("correct service: 'textract'") });

    expect(specProblems([unsigned, noSignature, noDate, otherService].map((response) => ({ request: { headers: {}, body: '' }, response })), { requests: false })).toEqual([]);
  });
});

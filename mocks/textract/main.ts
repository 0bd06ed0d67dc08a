import { TEXTRACT_MOCK_ACCESS_KEY_ID, TEXTRACT_MOCK_REGION, TEXTRACT_MOCK_SECRET_ACCESS_KEY, textractDefaultPort } from './credentials.js';
import { TEXTRACT_DOCUMENTS } from './documents.js';
import { createTextractMock } from './server.js';

/** Starts the Textract (AnalyzeID) mock for development: `npm run dev:mock:textract`. */
const port = Number(process.env.TEXTRACT_MOCK_PORT ?? textractDefaultPort);
const host = process.env.TEXTRACT_MOCK_HOST ?? '127.0.0.1';

const mock = createTextractMock({ logger: process.env.TEXTRACT_MOCK_LOG === 'true' });
const url = await mock.start(port, host);
console.log(`Textract mock listening on ${url}`);
console.log(`  TEXTRACT_ENDPOINT=${url} AWS_REGION=${TEXTRACT_MOCK_REGION} AWS_ACCESS_KEY_ID=${TEXTRACT_MOCK_ACCESS_KEY_ID} AWS_SECRET_ACCESS_KEY=${TEXTRACT_MOCK_SECRET_ACCESS_KEY}`);
console.log(`  documents by image marker innkeeper-id:<id>: ${TEXTRACT_DOCUMENTS.join(', ')} (mocks/textract/README.md)`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void mock.stop().then(() => process.exit(0));
  });
}

import { ID_DOCUMENTS } from '../shared/id-documents.js';
import { GOOGLE_VISION_MOCK_API_KEY, googleVisionDefaultPort } from './credentials.js';
import { createGoogleVisionMock } from './server.js';

/** Starts the Google Cloud Vision (images:annotate) mock for development: `npm run dev:mock:google-vision`. */
const port = Number(process.env.GOOGLE_VISION_MOCK_PORT ?? googleVisionDefaultPort);
const host = process.env.GOOGLE_VISION_MOCK_HOST ?? '127.0.0.1';

const mock = createGoogleVisionMock({ logger: process.env.GOOGLE_VISION_MOCK_LOG === 'true' });
const url = await mock.start(port, host);
console.log(`Google Cloud Vision mock listening on ${url}`);
console.log(`  GOOGLE_VISION_ENDPOINT=${url} GOOGLE_VISION_API_KEY=${GOOGLE_VISION_MOCK_API_KEY}`);
console.log(`  documents by image marker innkeeper-id:<id>: ${Object.keys(ID_DOCUMENTS).join(', ')} (mocks/google-vision/README.md)`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void mock.stop().then(() => process.exit(0));
  });
}

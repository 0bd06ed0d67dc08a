import { ID_DOCUMENTS } from '../shared/id-documents.js';
import { AZURE_MOCK_KEY, azureDefaultPort } from './credentials.js';
import { createAzureMock } from './server.js';

/** Starts the Azure AI Document Intelligence (prebuilt-idDocument) mock for development: `npm run dev:mock:azure`. */
const port = Number(process.env.AZURE_MOCK_PORT ?? azureDefaultPort);
const host = process.env.AZURE_MOCK_HOST ?? '127.0.0.1';

const mock = createAzureMock({ logger: process.env.AZURE_MOCK_LOG === 'true' });
const url = await mock.start(port, host);
console.log(`Azure Document Intelligence mock listening on ${url}`);
console.log(`  AZURE_DOCUMENT_INTELLIGENCE_ENDPOINT=${url} AZURE_DOCUMENT_INTELLIGENCE_KEY=${AZURE_MOCK_KEY}`);
console.log(`  documents by image marker innkeeper-id:<id>: ${Object.keys(ID_DOCUMENTS).join(', ')} (mocks/azure/README.md)`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void mock.stop().then(() => process.exit(0));
  });
}

import { OBEDIENT_MODEL, OPENAI_MOCK_API_KEY, OPENAI_MOCK_MODEL, openaiDefaultPort } from './credentials.js';
import { createOpenAIMock } from './server.js';

/** Starts the OpenAI API mock for development: `npm run dev:mock:openai`. */
const port = Number(process.env.OPENAI_MOCK_PORT ?? openaiDefaultPort);
const host = process.env.OPENAI_MOCK_HOST ?? '127.0.0.1';

const mock = createOpenAIMock({ logger: process.env.OPENAI_MOCK_LOG === 'true', obedient: process.env.OPENAI_MOCK_OBEDIENT === 'true' });
const url = await mock.start(port, host);
console.log(`OpenAI API mock listening on ${url}`);
console.log(`  OPENAI_BASE_URL=${url}/v1 OPENAI_API_KEY=${OPENAI_MOCK_API_KEY} OPENAI_MODEL=${OPENAI_MOCK_MODEL}`);
console.log(`  model ${OBEDIENT_MODEL} obeys instructions injected into the conversation; rules in mocks/openai/README.md`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void mock.stop().then(() => process.exit(0));
  });
}

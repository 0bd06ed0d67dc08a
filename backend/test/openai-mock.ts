import { OPENAI_MOCK_API_KEY, OPENAI_MOCK_MODEL } from '../../mocks/openai/credentials.js';
import { createOpenAIMock, type OpenAIMock, type OpenAIMockOptions } from '../../mocks/openai/server.js';
import type { AppContext } from '../src/context.js';
import { adminId } from './notifications.js';

/**
 * Harbour's concierge as `npm start` runs it: the openai provider against the OpenAI mock, saved as
 * an admin saves it with the mock's demo key. `url` is the mock's address for its `/__control` endpoints.
 */
export async function startOpenAIMock(ctx: AppContext, options: OpenAIMockOptions & { propertyCode?: string } = {}): Promise<{ mock: OpenAIMock; url: string; close(): Promise<void> }> {
  const { propertyCode = 'harbour', ...mockOptions } = options;
  const mock = createOpenAIMock(mockOptions);
  const url = await mock.start(0);
  const { rows } = await ctx.database.pool.query<{ id: string }>('SELECT id FROM properties WHERE code = $1', [propertyCode]);
  const draft = { provider: 'openai', config: { apiKey: OPENAI_MOCK_API_KEY, baseUrl: `${url}/v1`, model: OPENAI_MOCK_MODEL } };
  await ctx.integrations.save('concierge', rows[0]!.id, draft, await adminId(ctx));
  return { mock, url, close: () => mock.stop() };
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoggedRequest } from '../../../../mocks/openai/server.js';
import { controlClient } from '../../../../mocks/shared/control-client.js';
import { adminId } from '../../../test/notifications.js';
import { startOpenAIMock } from '../../../test/openai-mock.js';
import { createTestApp, type TestApp } from '../../../test/test-app.js';
import { conciergeContext } from './concierge.fixtures.js';
import type { TurnEvent } from './concierge.port.js';

/**
 * The demo hotels' concierges through the IntegrationManager as `npm start` runs them: harbour on
 * openai against the OpenAI mock, alpine local (the test database saves `mock` for every property).
 */
describe('the demo hotels’ concierge providers', () => {
  let t: TestApp;
  let openai: Awaited<ReturnType<typeof startOpenAIMock>>;
  const propertyId = async (code: string) => (await t.ctx.database.pool.query<{ id: string }>('SELECT id FROM properties WHERE code = $1', [code])).rows[0]!.id;
  const answer = async (code: string) => {
    const concierge = await t.ctx.integrations.resolve('concierge', await propertyId(code));
    const events: TurnEvent[] = [];
    for await (const event of concierge.turn({ context: conciergeContext(), messages: [{ role: 'user', content: 'When is breakfast?' }], tools: [] })) events.push(event);
    return events.at(-1);
  };

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await openai?.close();
    await t.close();
  });

  it('answers harbour through the OpenAI mock and alpine locally', async () => {
    openai = await startOpenAIMock(t.ctx);
    await t.ctx.integrations.save('concierge', await propertyId('alpine'), { provider: 'local', config: {} }, await adminId(t.ctx));
    expect(await answer('harbour')).toMatchObject({ type: 'done', sources: ['breakfast'], usage: { model: 'gpt-4.1-mini' } });
    const logged = (await controlClient(openai.url)('/__control/requests')).body.requests as LoggedRequest[];
    expect(logged.map((request) => request.path)).toEqual(['/v1/chat/completions']);
    expect(await answer('alpine')).toMatchObject({ type: 'done', sources: ['breakfast'], usage: { model: 'local' } });
  });
});

/**
 * The AI concierge, in one run:
 *
 * 1. Time to first token at the guest (openai provider against the OpenAI mock, which answers at
 *    once): a guest posts a question (`POST /api/v1/stay/concierge/messages`) while already
 *    connected to the stay's event stream over HTTP; timed from sending the post to the first
 *    `concierge.delta` event parsed off that stream. Baselines in the same run, for each turn, with
 *    the official `openai` SDK straight to the same mock, replaying the exact requests our provider
 *    sent for that turn (read back from the mock's request log): the stream alone (time to its
 *    first content chunk), and the three calls our path makes before the first token, one after the
 *    other as it makes them (moderation, sentiment, then the stream). Ours minus the latter is our
 *    own time: HTTP, the database, building the prompt, NOTIFY and the SSE write.
 * 2. The local provider's answers per second: its `turn()` called directly, one after the other,
 *    over a fixed set of common questions in English and German (the contract suite's hotel), for
 *    BENCH_CONCIERGE_SECONDS; then the same questions through the HTTP API for alpine (local),
 *    one client per open alpine stay, for as long.
 *
 * The stays' message and cost caps are raised through the settings API first.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import type { ChatCompletionCreateParamsNonStreaming, ChatCompletionCreateParamsStreaming } from 'openai/resources/chat/completions';
import type { ModerationCreateParams } from 'openai/resources/moderations';
import { OPENAI_MOCK_API_KEY } from '../mocks/openai/credentials.js';
import type { LoggedRequest } from '../mocks/openai/server.js';
import { controlClient } from '../mocks/shared/control-client.js';
import { buildApp } from '../backend/src/app.js';
import { parseEnv } from '../backend/src/config/env.js';
import { createContext, type AppContext } from '../backend/src/context.js';
import { allConciergeTools, conciergeContext } from '../backend/src/integrations/concierge/concierge.fixtures.js';
import { createLocalConcierge } from '../backend/src/integrations/concierge/local/local-concierge.js';
import { adminId } from '../backend/test/notifications.js';
import { startOpenAIMock } from '../backend/test/openai-mock.js';
import { openSse, type SseConnection } from '../backend/test/sse-client.js';
import { openBenchDatabase } from './bench-database.js';

const TURNS = Number(process.env.BENCH_CONCIERGE_TURNS ?? 50);
const SECONDS = Number(process.env.BENCH_CONCIERGE_SECONDS ?? 5);
const WARM_UP_TURNS = 5;
/** Harbour guests the turns go round (each with its stream open), so no one chat grows long. */
const OPENAI_GUESTS = 5;
const LOCAL_HTTP_CLIENTS = 4;

/** Questions the OpenAI mock answers with text from the hotel information. */
const OPENAI_QUESTIONS = ['When is breakfast?', "What's the Wi-Fi password?", 'What time is check-out?', 'Where can I park?', 'When is the spa open?', 'Is there a pool?'];

/** Common guest questions, as the local concierge's thirty-question test asks them. */
const LOCAL_QUESTIONS: Record<'en' | 'de', string[]> = {
  en: ["What's the wifi password?", 'When is breakfast?', 'What time is check-out?', 'Where can I park my car?', 'What are the spa hours?', 'Towels please', 'Where can I eat nearby?', 'Is there a swimming pool?', 'Can I bring my dog?', 'How do I get to the airport?'],
  de: ['Wie lautet das WLAN-Passwort?', 'Wann gibt es Frühstück?', 'Wann ist der Check-out?', 'Wo kann ich parken?', 'Wann hat das Spa geöffnet?', 'Handtücher bitte', 'Wo kann ich in der Nähe essen?', 'Gibt es ein Schwimmbad?', 'Darf ich meinen Hund mitbringen?', 'Wie komme ich zum Flughafen?'],
};

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const round = (value: number) => Number(value.toFixed(2));

async function json(response: Response) {
  const body = await response.text();
  if (!response.ok) throw new Error(`${response.status}: ${body}`);
  return JSON.parse(body);
}

function summary(name: string, times: number[]) {
  const sorted = [...times].sort((a, b) => a - b);
  return { run: name, turns: sorted.length, 'p50 ms': round(percentile(sorted, 50)), 'p95 ms': round(percentile(sorted, 95)) };
}

/** The API as a browser meets it: over HTTP, with tokens from its own endpoints. */
function apiClient(base: string) {
  const call = async (method: string, path: string, token?: string, body?: unknown) =>
    json(
      await fetch(`${base}${path}`, {
        method,
        headers: { ...(token && { authorization: `Bearer ${token}` }), ...(body !== undefined && { 'content-type': 'application/json' }) },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      }),
    );
  return {
    call,
    guestToken: async (confirmation: string, lastName: string) => (await call('POST', '/api/v1/stays/lookup', undefined, { confirmation, lastName })).token as string,
    guestStream: async (token: string) => openSse(`${base}/api/v1/realtime/stay/events?ticket=${(await call('POST', '/api/v1/realtime/tickets', token)).ticket}`),
    ask: (token: string, text: string) => call('POST', '/api/v1/stay/concierge/messages', token, { text, clientMessageId: randomUUID() }),
  };
}

type Api = ReturnType<typeof apiClient>;

/** Raises a property's per-stay caps to the most the settings allow, keeping its other rules. */
async function raiseCaps(api: Api, adminToken: string, property: string) {
  const path = `/api/v1/staff/properties/${property}/concierge/settings`;
  const current = await api.call('GET', path, adminToken);
  await api.call('PUT', path, adminToken, { ...current, mode: 'auto', maxAiMessagesPerStay: 10_000, maxCostMicroUsdPerStay: 100_000_000 });
}

/** Guests of a property whose chat is open (the stay is not closed). */
async function openStays(ctx: AppContext, property: string, limit: number) {
  const { rows } = await ctx.database.pool.query<{ confirmation: string; lastName: string }>(
    `SELECT s.confirmation_number AS confirmation, g.last_name AS "lastName"
       FROM stays s JOIN guests g ON g.id = s.guest_id JOIN properties p ON p.id = s.property_id
      WHERE p.code = $1 AND s.status NOT IN ('checked_out', 'cancelled', 'no_show')
      ORDER BY s.confirmation_number LIMIT $2`,
    [property, limit],
  );
  return rows;
}

/** The SDK straight to the mock, replaying one turn's logged requests. */
function directClient(mockUrl: string) {
  const client = new OpenAI({ apiKey: OPENAI_MOCK_API_KEY, baseURL: `${mockUrl}/v1`, maxRetries: 0 });
  /** From the call to the first content chunk; the rest of the stream is read too, as ours reads it. */
  const firstChunk = async (body: ChatCompletionCreateParamsStreaming) => {
    const start = performance.now();
    let first: number | undefined;
    for await (const chunk of await client.chat.completions.create(body)) if (first === undefined && chunk.choices[0]?.delta?.content) first = performance.now();
    if (first === undefined) throw new Error('the stream had no content');
    return first - start;
  };
  return {
    firstChunk,
    async vendorCalls(requests: { moderation: ModerationCreateParams; sentiment: ChatCompletionCreateParamsNonStreaming; stream: ChatCompletionCreateParamsStreaming }) {
      const start = performance.now();
      await client.moderations.create(requests.moderation);
      JSON.parse((await client.chat.completions.create(requests.sentiment)).choices[0]?.message.content ?? '');
      return performance.now() - start + (await firstChunk(requests.stream));
    },
  };
}

/** What our provider sent to the mock for one turn, by kind. */
function turnRequests(logged: LoggedRequest[]) {
  const chats = logged.filter((request) => request.path === '/v1/chat/completions').map((request) => request.body as Record<string, unknown>);
  const moderation = logged.find((request) => request.path === '/v1/moderations')?.body as ModerationCreateParams | undefined;
  const sentiment = chats.find((body) => body.response_format) as ChatCompletionCreateParamsNonStreaming | undefined;
  const stream = chats.find((body) => body.stream === true) as ChatCompletionCreateParamsStreaming | undefined;
  if (!moderation || !sentiment || !stream || chats.length !== 2) throw new Error(`unexpected requests for one turn: ${logged.map((request) => request.path).join(', ')}`);
  return { moderation, sentiment, stream };
}

async function timeToFirstToken(api: Api, ctx: AppContext) {
  const openai = await startOpenAIMock(ctx);
  const control = controlClient(openai.url);
  const direct = directClient(openai.url);
  /** `answered`: the ids of the guest's answers so far, whose late deltas are not the next answer's first. */
  const guests: Array<{ token: string; stream: SseConnection; answered: Set<string> }> = [];
  const ours: number[] = [];
  const answered: number[] = [];
  const streamOnly: number[] = [];
  const vendorCalls: number[] = [];
  try {
    for (const stay of await openStays(ctx, 'harbour', OPENAI_GUESTS)) {
      const token = await api.guestToken(stay.confirmation, stay.lastName);
      guests.push({ token, stream: await api.guestStream(token), answered: new Set() });
    }
    for (let turn = 0; turn < WARM_UP_TURNS + TURNS; turn += 1) {
      const guest = guests[turn % guests.length]!;
      const question = OPENAI_QUESTIONS[turn % OPENAI_QUESTIONS.length]!;
      await control('/__control/requests', undefined, 'DELETE');
      const firstDelta = guest.stream.waitFor((event) => event.event === 'concierge.delta' && !guest.answered.has(JSON.parse(event.data).messageId), 30_000);
      const start = performance.now();
      const posted = await api.ask(guest.token, question);
      const done = performance.now();
      if (posted.replies[0]?.author !== 'ai') throw new Error(`no AI answer to "${question}": ${JSON.stringify(posted.replies)}`);
      const delta = await firstDelta;
      guest.answered.add(JSON.parse(delta.data).messageId);
      const requests = turnRequests((await control('/__control/requests')).body.requests as LoggedRequest[]);
      const alone = await direct.firstChunk(requests.stream);
      const calls = await direct.vendorCalls(requests);
      if (turn < WARM_UP_TURNS) continue;
      ours.push(delta.receivedAt - start);
      answered.push(done - start);
      streamOnly.push(alone);
      vendorCalls.push(calls);
    }
  } finally {
    for (const guest of guests) guest.stream.close();
    await openai.close();
  }
  return { guests: guests.length, ours, answered, streamOnly, vendorCalls };
}

/** Runs `answer` one after the other for `seconds`, going round the questions; answers per second. */
async function answersPerSecond(questions: string[], seconds: number, answer: (question: string) => Promise<unknown>) {
  const end = performance.now() + seconds * 1000;
  const start = performance.now();
  let count = 0;
  while (performance.now() < end) {
    await answer(questions[count % questions.length]!);
    count += 1;
  }
  return { count, perSecond: count / ((performance.now() - start) / 1000) };
}

async function localDirect() {
  const concierge = createLocalConcierge();
  const inputs = new Map((['en', 'de'] as const).flatMap((language) => LOCAL_QUESTIONS[language].map((question) => [question, { language, context: conciergeContext(language) }] as const)));
  const answer = async (question: string) => {
    const { context } = inputs.get(question)!;
    for await (const event of concierge.turn({ context, messages: [{ role: 'user', content: question }], tools: allConciergeTools })) if (event.type === 'done') return;
  };
  const questions = [...inputs.keys()];
  for (const question of questions) await answer(question);
  return answersPerSecond(questions, SECONDS, answer);
}

async function localHttp(api: Api, ctx: AppContext) {
  await ctx.integrations.save('concierge', (await ctx.database.pool.query<{ id: string }>(`SELECT id FROM properties WHERE code = 'alpine'`)).rows[0]!.id, { provider: 'local', config: {} }, await adminId(ctx));
  const questions = [...LOCAL_QUESTIONS.en, ...LOCAL_QUESTIONS.de];
  const tokens = await Promise.all((await openStays(ctx, 'alpine', LOCAL_HTTP_CLIENTS)).map((stay) => api.guestToken(stay.confirmation, stay.lastName)));
  const ask = (token: string) => async (question: string) => {
    const posted = await api.ask(token, question);
    if (!posted.replies.some((reply: { author: string }) => reply.author === 'ai')) throw new Error(`no AI answer to "${question}": ${JSON.stringify(posted.replies)}`);
  };
  await ask(tokens[0]!)(questions[0]!);
  const start = performance.now();
  const runs = await Promise.all(tokens.map((token) => answersPerSecond(questions, SECONDS, ask(token))));
  const count = runs.reduce((sum, run) => sum + run.count, 0);
  return { clients: tokens.length, count, perSecond: count / ((performance.now() - start) / 1000) };
}

async function main() {
  const { databaseUrl, close } = await openBenchDatabase();
  // Not production: that refuses plain-http vendor addresses such as the OpenAI mock's.
  const env = parseEnv({ NODE_ENV: 'development', LOG_LEVEL: 'silent', INTEGRATIONS_ENCRYPTION_KEY: randomBytes(32).toString('base64') });
  const ctx = createContext(env, databaseUrl);
  const app = await buildApp(ctx);
  try {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const api = apiClient(`http://127.0.0.1:${(app.server.address() as AddressInfo).port}`);
    const admin = (await api.call('POST', '/api/v1/auth/staff/login', undefined, { email: 'admin@innkeeper.local', password: 'innkeeper-demo' })).token as string;
    for (const property of ['harbour', 'alpine']) await raiseCaps(api, admin, property);

    const ttft = await timeToFirstToken(api, ctx);
    const results = [
      summary('SDK straight to the mock: stream → first content chunk', ttft.streamOnly),
      summary('SDK: moderation + sentiment + stream → first chunk (our vendor calls)', ttft.vendorCalls),
      summary('Innkeeper: POST → first concierge.delta on the guest SSE', ttft.ours),
      summary('Innkeeper: POST → response (whole answer stored)', ttft.answered),
    ];
    console.log(`\nTime to first streamed token, openai provider against the OpenAI mock (no delay), ${ttft.guests} harbour guests in turn`);
    console.table(results);
    const [alone, calls, ours] = results as [ReturnType<typeof summary>, ReturnType<typeof summary>, ReturnType<typeof summary>];
    console.log(
      `added latency vs the SDK's first chunk (p50): ${(ours['p50 ms'] - alone['p50 ms']).toFixed(1)} ms, ratio ${(ours['p50 ms'] / alone['p50 ms']).toFixed(1)} (p95 ${(ours['p95 ms'] / alone['p95 ms']).toFixed(1)}); ` +
        `our own time beyond the same three vendor calls (p50): ${(ours['p50 ms'] - calls['p50 ms']).toFixed(1)} ms, ratio ${(ours['p50 ms'] / calls['p50 ms']).toFixed(2)}`,
    );

    const direct = await localDirect();
    const http = await localHttp(api, ctx);
    console.log(`\nLocal concierge, ${LOCAL_QUESTIONS.en.length} English + ${LOCAL_QUESTIONS.de.length} German common questions, ${SECONDS} s each`);
    console.table([
      { run: 'local turn() called directly (one after the other)', answers: direct.count, 'answers/s': round(direct.perSecond) },
      { run: `HTTP API, alpine (${http.clients} guests at once)`, answers: http.count, 'answers/s': round(http.perSecond) },
    ]);
    console.log(`HTTP API / direct: ${(http.perSecond / direct.perSecond).toFixed(2)}`);
  } finally {
    await app.close();
    await ctx.close();
    await close();
  }
}

await main();

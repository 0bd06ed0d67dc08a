import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { registerFaults } from '../shared/faults.js';
import { readChatRequest } from './chat-request.js';
import { completionBody, completionChunks, newCompletionId } from './completions.js';
import { decide } from './concierge-rules.js';
import { OBEDIENT_MODEL, OPENAI_MOCK_API_KEY, OPENAI_MOCK_MODEL } from './credentials.js';
import { insufficientQuota, invalidRequest, OpenAIError, rateLimited, serverError } from './errors.js';
import { DEFAULT_MODERATION_MODEL, moderate } from './moderations.js';

/**
 * Mock of the OpenAI API for the AI concierge: Chat Completions (JSON and `text/event-stream`,
 * tool calls, usage), moderations and the model list, answering by deterministic rules
 * (concierge-rules.ts) instead of a model. Wire format as the official `openai` SDK sends and reads
 * it: Bearer key, JSON bodies, `x-request-id` on every answer, OpenAI's error body. Control
 * endpoints under `/__control` read the request log and switch the injection-obeying mode;
 * README.md lists everything.
 */
export interface OpenAIMockOptions {
  /** Clock in ms, for `created` and date-time arguments. */
  now?: () => number;
  /** Obey instructions injected into the conversation on every call, not only for `mock-obedient`. */
  obedient?: boolean;
  logger?: boolean;
}

/** One API request as the mock received it, for tests that assert what was sent to the model. */
export interface LoggedRequest {
  requestId: string;
  method: string;
  path: string;
  /** Lower-case names; `authorization` shows only the key's first 8 and last 4 characters. */
  headers: Record<string, string>;
  /** The parsed JSON body; null when a fault answered before the body was read. */
  body: unknown;
  /** ISO time with milliseconds. */
  receivedAt: string;
  /** Null until the answer is complete (a hanging request never gets one). */
  status: number | null;
  /** The concierge rule that answered a chat completion (README.md, "Rules"). */
  rule: string | null;
}

export interface OpenAIMock {
  app: FastifyInstance;
  /** Listens (port 0 picks a free one) and returns the base URL, e.g. `http://127.0.0.1:4108`; clients add `/v1`. */
  start(port?: number, host?: string): Promise<string>;
  stop(): Promise<void>;
}

/** Asking for this model answers 429 `insufficient_quota`, the 429 that waiting does not cure. */
export const QUOTA_MODEL = 'force-insufficient-quota';
const LOG_LIMIT = 1000;
const MODEL_CREATED = 1_700_000_000;
const MODEL_IDS = [OPENAI_MOCK_MODEL, 'gpt-4.1', 'gpt-5.4-mini', OBEDIENT_MODEL, DEFAULT_MODERATION_MODEL];

const BAD_JSON =
  "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)";

/** OpenAI shows a refused key with its first 8 and last 4 characters. */
const redactKey = (key: string) => (key.length <= 12 ? '*'.repeat(key.length) : `${key.slice(0, 8)}${'*'.repeat(key.length - 12)}${key.slice(-4)}`);

function authenticate(request: FastifyRequest): void {
  const header = request.headers.authorization ?? '';
  const key = /^Bearer (.+)$/i.exec(header)?.[1]?.trim();
  if (!key) {
    throw new OpenAIError(
      401,
      'invalid_request_error',
      "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY). You can obtain an API key from https://platform.openai.com/account/api-keys.",
    );
  }
  if (key !== OPENAI_MOCK_API_KEY) {
    throw new OpenAIError(401, 'invalid_request_error', `Incorrect API key provided: ${redactKey(key)}. You can find your API key at https://platform.openai.com/account/api-keys.`, null, 'invalid_api_key');
  }
}

function loggedHeaders(request: FastifyRequest): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.join(', ') : value;
    headers[name] = name === 'authorization' ? text.replace(/^(Bearer\s+)(.*)$/i, (_all, scheme: string, key: string) => `${scheme}${redactKey(key)}`) : text;
  }
  return headers;
}

const isApi = (request: FastifyRequest) => request.url.startsWith('/v1/') || request.url === '/v1';

export function createOpenAIMock(options: OpenAIMockOptions = {}): OpenAIMock {
  const now = options.now ?? Date.now;
  const settings = { obedient: options.obedient ?? false };
  const log: LoggedRequest[] = [];
  const entries = new WeakMap<FastifyRequest, LoggedRequest>();
  const app = Fastify({ logger: options.logger ?? false, bodyLimit: 20 * 1024 * 1024, genReqId: () => `req_${randomBytes(16).toString('hex')}` });

  // Registered before the faults, so a request a fault answers is logged too.
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id).header('openai-version', '2020-10-01');
    if (!isApi(request)) return;
    const entry: LoggedRequest = {
      requestId: request.id,
      method: request.method,
      path: request.url.split('?')[0]!,
      headers: loggedHeaders(request),
      body: null,
      receivedAt: new Date().toISOString(),
      status: null,
      rule: null,
    };
    entries.set(request, entry);
    log.push(entry);
    if (log.length > LOG_LIMIT) log.shift();
  });
  app.addHook('onResponse', async (request, reply) => {
    const entry = entries.get(request);
    if (entry) entry.status = reply.statusCode;
  });

  const openaiError = (reply: FastifyReply, error: OpenAIError) => reply.code(error.statusCode).send(error.body());
  registerFaults(app, {
    serverError: (reply) => openaiError(reply, serverError()),
    rateLimited: (reply) => openaiError(reply, rateLimited()),
  });

  app.addHook('preHandler', async (request) => {
    const entry = entries.get(request);
    if (!entry) return;
    entry.body = request.body ?? null;
    authenticate(request);
  });

  app.setErrorHandler((error, _request, reply) => {
    if (error instanceof OpenAIError) return openaiError(reply, error);
    const { statusCode = 500, code } = error as { statusCode?: number; code?: string };
    if (code === 'FST_ERR_CTP_INVALID_JSON_BODY' || code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || error instanceof SyntaxError) return openaiError(reply, invalidRequest(BAD_JSON));
    if (statusCode < 500) return openaiError(reply, new OpenAIError(statusCode, 'invalid_request_error', error instanceof Error ? error.message : 'Invalid request'));
    return openaiError(reply, serverError());
  });
  app.setNotFoundHandler((request, reply) => openaiError(reply, new OpenAIError(404, 'invalid_request_error', `Invalid URL (${request.method} ${request.url.split('?')[0]})`)));

  app.post('/v1/chat/completions', async (request, reply) => {
    const chat = readChatRequest(request.body);
    if (chat.model === QUOTA_MODEL) throw insufficientQuota();
    const answer = decide(chat, { obedient: settings.obedient || chat.model === OBEDIENT_MODEL, now: new Date(now()).toISOString() });
    const entry = entries.get(request);
    if (entry) entry.rule = answer.rule;
    reply.header('x-mock-rule', answer.rule);
    const meta = { id: newCompletionId(), created: Math.floor(now() / 1000), model: chat.model };
    if (!chat.stream) return completionBody(meta, chat, answer);
    const events = function* () {
      for (const chunk of completionChunks(meta, chat, answer)) yield `data: ${JSON.stringify(chunk)}\n\n`;
      yield 'data: [DONE]\n\n';
    };
    return reply.type('text/event-stream; charset=utf-8').header('cache-control', 'no-cache').send(Readable.from(events()));
  });

  app.post('/v1/moderations', async (request) => moderate(request.body));

  const model = (id: string) => ({ id, object: 'model', created: MODEL_CREATED, owned_by: id === OBEDIENT_MODEL ? 'innkeeper-mock' : 'system' });
  app.get('/v1/models', async () => ({ object: 'list', data: MODEL_IDS.map(model) }));
  app.get<{ Params: { model: string } }>('/v1/models/:model', async (request) => {
    if (!MODEL_IDS.includes(request.params.model)) {
      throw new OpenAIError(404, 'invalid_request_error', `The model '${request.params.model}' does not exist`, 'model', 'model_not_found');
    }
    return model(request.params.model);
  });

  app.get('/__control/requests', async () => ({ requests: log }));
  app.delete('/__control/requests', async () => {
    log.length = 0;
    return { requests: log };
  });
  app.get('/__control/mode', async () => settings);
  app.post('/__control/mode', async (request, reply) => {
    const { obedient } = (request.body ?? {}) as { obedient?: unknown };
    if (typeof obedient !== 'boolean') return reply.code(400).send({ error: 'obedient must be a boolean' });
    settings.obedient = obedient;
    return settings;
  });

  return {
    app,
    async start(port = 0, host = '127.0.0.1') {
      await app.listen({ port, host });
      const address = app.server.address();
      if (!address || typeof address === 'string') throw new Error('OpenAI mock is not listening on a TCP port');
      return `http://${host}:${address.port}`;
    },
    stop: () => app.close(),
  };
}

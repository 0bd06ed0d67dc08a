import { randomBytes } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { registerFaults } from '../shared/faults.js';
import { MAGIC_TO, TWILIO_MOCK_ACCOUNT_SID, TWILIO_MOCK_AUTH_TOKEN, TWILIO_MOCK_FROM, TWILIO_MOCK_MESSAGING_SERVICE_SID } from './credentials.js';

/**
 * Mock of Twilio's Programmable Messaging REST API (2010-04-01), as the official SDKs call it:
 * `POST /2010-04-01/Accounts/{AccountSid}/Messages.json` with a form body (To, From or
 * MessagingServiceSid, Body), HTTP basic auth (Account SID + auth token), snake_case JSON answers
 * with RFC 2822 dates, and errors as `{ code, message, more_info, status }`. Also
 * `GET …/Messages/{Sid}.json`, `GET …/Messages.json` and `GET /2010-04-01/Accounts/{Sid}.json`.
 *
 * Mock-only: `GET /__control/messages` lists what was sent; the shared fault injection
 * (`POST /__control/faults`, `x-mock-fault`) answers 500 / 429 in Twilio's shape.
 */
export interface TwilioMessage {
  sid: string;
  account_sid: string;
  api_version: '2010-04-01';
  body: string;
  date_created: string;
  date_sent: string | null;
  date_updated: string;
  direction: 'outbound-api';
  error_code: number | null;
  error_message: string | null;
  from: string | null;
  messaging_service_sid: string | null;
  num_media: string;
  num_segments: string;
  price: string | null;
  price_unit: string;
  status: 'queued' | 'accepted';
  subresource_uris: { media: string; feedback: string };
  to: string;
  uri: string;
}

export interface TwilioMock {
  app: FastifyInstance;
  messages: TwilioMessage[];
  start(port?: number, host?: string): Promise<string>;
  stop(): Promise<void>;
}

const BASE = '/2010-04-01/Accounts';
const E164 = /^\+[1-9]\d{6,14}$/;
const GSM7 = /^[A-Za-z0-9 @£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ!"#¤%&'()*+,\-./:;<=>?¡ÄÖÑÜ§¿äöñüà^{}\\[~\]|€]*$/;

/** RFC 2822, as Twilio formats dates: "Tue, 24 Nov 2026 15:04:05 +0000". */
const rfc2822 = (date: Date) => date.toUTCString().replace('GMT', '+0000');

function segments(body: string): number {
  const [single, multi] = GSM7.test(body) ? [160, 153] : [70, 67];
  return body.length <= single ? 1 : Math.ceil(body.length / multi);
}

class TwilioError extends Error {
  constructor(readonly status: number, readonly code: number, message: string) {
    super(message);
  }
}

function sendError(reply: FastifyReply, status: number, code: number, message: string) {
  return reply.code(status).send({ code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });
}

export function createTwilioMock(options: { logger?: boolean } = {}): TwilioMock {
  const messages: TwilioMessage[] = [];
  const app = Fastify({ logger: options.logger ?? false });

  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });

  registerFaults(app, {
    serverError: (reply) => sendError(reply, 500, 20500, 'An internal server error has occurred'),
    rateLimited: (reply) => sendError(reply, 429, 20429, 'Too Many Requests'),
  });

  app.setErrorHandler((error, _request, reply) => {
    if (error instanceof TwilioError) return sendError(reply, error.status, error.code, error.message);
    return sendError(reply, 500, 20500, 'An internal server error has occurred');
  });
  app.setNotFoundHandler((request, reply) => sendError(reply, 404, 20404, `The requested resource ${request.url} was not found`));

  /** Basic auth with the Account SID and auth token; the SID in the path must be the same account. */
  function authenticate(request: FastifyRequest<{ Params: { accountSid: string } }>) {
    const header = request.headers.authorization ?? '';
    const [user, password] = header.startsWith('Basic ') ? Buffer.from(header.slice(6), 'base64').toString().split(':') : [];
    if (user !== TWILIO_MOCK_ACCOUNT_SID || password !== TWILIO_MOCK_AUTH_TOKEN) throw new TwilioError(401, 20003, 'Authenticate');
    if (request.params.accountSid !== user) throw new TwilioError(404, 20404, `The requested resource ${request.url} was not found`);
  }

  app.get<{ Params: { accountSid: string } }>(`${BASE}/:accountSid.json`, async (request) => {
    authenticate(request);
    return {
      sid: TWILIO_MOCK_ACCOUNT_SID,
      friendly_name: 'Innkeeper mock account',
      status: 'active',
      type: 'Full',
      date_created: rfc2822(new Date(Date.UTC(2020, 0, 1))),
      uri: `${BASE}/${TWILIO_MOCK_ACCOUNT_SID}.json`,
    };
  });

  app.post<{ Params: { accountSid: string }; Body: Record<string, string> | undefined }>(`${BASE}/:accountSid/Messages.json`, async (request, reply) => {
    authenticate(request);
    const form = request.body ?? {};
    const to = form.To ?? '';
    const body = form.Body ?? '';
    if (!to) throw new TwilioError(400, 21604, "A 'To' phone number is required.");
    if (!form.From && !form.MessagingServiceSid) throw new TwilioError(400, 21603, "A 'From' phone number is required.");
    if (form.From && form.From !== TWILIO_MOCK_FROM) {
      throw new TwilioError(400, 21606, `The From phone number ${form.From} is not a valid, SMS-capable inbound phone number or short code for your account.`);
    }
    if (form.MessagingServiceSid && form.MessagingServiceSid !== TWILIO_MOCK_MESSAGING_SERVICE_SID) {
      throw new TwilioError(400, 21701, `The Messaging Service Sid ${form.MessagingServiceSid} is invalid.`);
    }
    if (!body && !form.MediaUrl) throw new TwilioError(400, 21602, 'Message body is required.');
    if (body.length > 1600) throw new TwilioError(400, 21617, 'The concatenated message body exceeds the 1600 character limit.');
    if (!E164.test(to) || to === MAGIC_TO.invalid) throw new TwilioError(400, 21211, `Invalid 'To' Phone Number: ${to}`);
    if (to === MAGIC_TO.notSmsCapable) throw new TwilioError(400, 21614, `'To' number ${to} is not a valid mobile number`);
    if (to === MAGIC_TO.unreachable) throw new TwilioError(400, 21612, `The 'To' phone number: ${to}, is not currently reachable using the 'From' phone number: ${form.From ?? ''} via SMS.`);
    if (to === MAGIC_TO.blocked) throw new TwilioError(400, 21610, 'Attempt to send to unsubscribed recipient');

    const now = new Date();
    const sid = `SM${randomBytes(16).toString('hex')}`;
    const uri = `${BASE}/${TWILIO_MOCK_ACCOUNT_SID}/Messages/${sid}.json`;
    const message: TwilioMessage = {
      sid,
      account_sid: TWILIO_MOCK_ACCOUNT_SID,
      api_version: '2010-04-01',
      body,
      date_created: rfc2822(now),
      date_sent: null,
      date_updated: rfc2822(now),
      direction: 'outbound-api',
      error_code: null,
      error_message: null,
      from: form.From ?? null,
      messaging_service_sid: form.MessagingServiceSid ?? null,
      num_media: '0',
      num_segments: String(segments(body)),
      price: null,
      price_unit: 'USD',
      status: form.MessagingServiceSid ? 'accepted' : 'queued',
      subresource_uris: { media: uri.replace('.json', '/Media.json'), feedback: uri.replace('.json', '/Feedback.json') },
      to,
      uri,
    };
    messages.push(message);
    return reply.code(201).send(message);
  });

  app.get<{ Params: { accountSid: string; sid: string } }>(`${BASE}/:accountSid/Messages/:sid.json`, async (request) => {
    authenticate(request);
    const message = messages.find((candidate) => candidate.sid === request.params.sid);
    if (!message) throw new TwilioError(404, 20404, `The requested resource ${request.url} was not found`);
    return message;
  });

  app.get<{ Params: { accountSid: string }; Querystring: { To?: string; PageSize?: string } }>(`${BASE}/:accountSid/Messages.json`, async (request) => {
    authenticate(request);
    const pageSize = Math.min(1000, Number(request.query.PageSize ?? 50) || 50);
    const matching = messages.filter((message) => !request.query.To || message.to === request.query.To).reverse();
    const uri = `${BASE}/${TWILIO_MOCK_ACCOUNT_SID}/Messages.json?PageSize=${pageSize}&Page=0`;
    return {
      messages: matching.slice(0, pageSize),
      end: Math.min(pageSize, matching.length) - 1,
      first_page_uri: uri,
      next_page_uri: null,
      page: 0,
      page_size: pageSize,
      previous_page_uri: null,
      start: 0,
      uri,
    };
  });

  app.get('/__control/messages', async () => ({ messages }));

  return {
    app,
    messages,
    async start(port = 0, host = '127.0.0.1') {
      const address = await app.listen({ port, host });
      return address;
    },
    stop: () => app.close(),
  };
}

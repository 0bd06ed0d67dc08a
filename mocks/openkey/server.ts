import { randomBytes } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { registerFaults } from '../shared/faults.js';
import { listenOn } from '../shared/listen.js';
import { createKeyStore, isDateTime, isE164, LockError, type KeyState, type KeyStore, type StoredKey } from '../shared/mobile-keys.js';
import { OPENKEY_MOCK_HOTEL_ID, OPENKEY_MOCK_PASSWORD, OPENKEY_MOCK_USERNAME } from './credentials.js';

/**
 * Mock of OpenKey's partner API for mobile keys. OpenKey publishes none: this is the contract we
 * guessed (../shared/contracts/services.md §2.2), shaped like OpenKey's public guest-SDK session
 * model (snake_case, integer ids, `{success, data}`), with HTTP Basic auth as OpenKey's PMS
 * integrations use. README.md lists every route, error and control.
 */
export interface OpenKeyMock {
  app: FastifyInstance;
  store: KeyStore;
  /** Listens (port 0 picks a free one) and returns the base URL, e.g. `http://127.0.0.1:4114`. */
  start(port?: number, host?: string): Promise<string>;
  stop(): Promise<void>;
}

/** OpenKey's `mobile_key_status` values (the first three from its guest SDK's constants). */
const STATUS: Record<KeyState, { id: number; status: string }> = {
  pending: { id: 1, status: 'PENDING KEY SERVER REQUEST' },
  issued: { id: 3, status: 'KEY DELIVERED' },
  revoked: { id: 4, status: 'CHECKED OUT' },
  expired: { id: 5, status: 'EXPIRED' },
};

class OpenKeyError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const fromLockError = (error: LockError) =>
  ({
    LOCK_SERVER_TIMEOUT: new OpenKeyError(504, 'LOCK_SERVER_TIMEOUT', error.message),
    KEY_REVOKED: new OpenKeyError(409, 'SESSION_CHECKED_OUT', 'The session is checked out.'),
    KEY_EXPIRED: new OpenKeyError(409, 'SESSION_CHECKED_OUT', 'The session has expired.'),
    NOT_FOUND: new OpenKeyError(404, 'SESSION_NOT_FOUND', 'No such session.'),
  })[error.code];

type Guest = StoredKey['guest'];
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim() : null);

function readGuest(value: unknown): Guest {
  if (!isRecord(value) || !text(value.last_name)) throw new OpenKeyError(422, 'VALIDATION_ERROR', 'guest.last_name is required.');
  const phone = text(value.phone);
  if (!phone || !isE164(phone)) throw new OpenKeyError(422, 'INVALID_PHONE', 'Phone number must include country code');
  return { firstName: text(value.first_name), lastName: text(value.last_name)!, phone, email: text(value.email) };
}

export function createOpenKeyMock(options: { now?: number; logger?: boolean } = {}): OpenKeyMock {
  const app = Fastify({ logger: options.logger ?? false });
  const store = createKeyStore({ now: options.now });
  const invitations = new Map<string, string>();
  const codes = new Map<string, string>();
  const expectedAuth = `Basic ${Buffer.from(`${OPENKEY_MOCK_USERNAME}:${OPENKEY_MOCK_PASSWORD}`).toString('base64')}`;

  const send = (reply: FastifyReply, error: OpenKeyError) =>
    reply.code(error.status).send({ success: false, error: { code: error.code, message: error.message } });

  function view(request: FastifyRequest, key: StoredKey) {
    let code = codes.get(key.id);
    if (!code) {
      code = randomBytes(4).toString('hex').toUpperCase();
      codes.set(key.id, code);
      invitations.set(code, key.id);
    }
    const guests = [key.guest, ...key.shared];
    return {
      id: Number(key.id),
      parent_session_id: null,
      hotel_id: Number(OPENKEY_MOCK_HOTEL_ID),
      reservation_id: key.reservationId,
      room_number: key.room,
      guest_id: Number(key.id) * 10,
      check_in: key.validFrom,
      check_out: key.validUntil,
      is_personalized: key.state === 'issued',
      mobile_key_status: STATUS[key.state],
      invitation_url: `${request.protocol}://${request.headers.host}/i/${code}`,
      additional_guests: guests.slice(1).map((guest, i) => ({ id: Number(key.id) * 10 + i + 1, first_name: guest.firstName, last_name: guest.lastName })),
      created: key.createdAt,
      modified: key.updatedAt,
    };
  }

  const session = (id: string) => {
    const key = /^\d+$/.test(id) ? store.get(id) : undefined;
    if (!key) throw new OpenKeyError(404, 'SESSION_NOT_FOUND', 'No such session.');
    return key;
  };

  registerFaults(app, {
    serverError: (reply) => send(reply, new OpenKeyError(500, 'INTERNAL_ERROR', 'Something went wrong.')),
    rateLimited: (reply) => send(reply, new OpenKeyError(429, 'RATE_LIMITED', 'Too many requests.')),
  });
  store.registerControl(app);

  app.setErrorHandler((error, request, reply) => {
    if (error instanceof OpenKeyError) return send(reply, error);
    if (error instanceof LockError) return send(reply, fromLockError(error));
    if ((error as { statusCode?: number }).statusCode === 400) return send(reply, new OpenKeyError(400, 'BAD_REQUEST', 'The body is not valid JSON.'));
    request.log.error(error);
    return send(reply, new OpenKeyError(500, 'INTERNAL_ERROR', 'Something went wrong.'));
  });
  app.setNotFoundHandler((_request, reply) => send(reply, new OpenKeyError(404, 'NOT_FOUND', 'No such resource.')));

  // The page a guest's invitation link opens: the real one installs the app and verifies the phone.
  app.get('/i/:code', async (request, reply) => {
    const id = invitations.get((request.params as { code: string }).code);
    const key = id ? store.get(id) : undefined;
    if (!key) return reply.code(404).type('text/html').send('<!doctype html><title>OpenKey</title><p>This invitation is not valid.</p>');
    return reply
      .type('text/html')
      .send(`<!doctype html><title>OpenKey mobile key</title><h1>OpenKey (mock)</h1><p>Room ${key.room}: ${STATUS[key.state].status}</p>`);
  });

  app.register(async (api) => {
    api.addHook('onRequest', async (request) => {
      if (request.headers.authorization !== expectedAuth) throw new OpenKeyError(401, 'UNAUTHORIZED', 'Invalid credentials.');
      if ((request.params as { hotelId?: string }).hotelId !== OPENKEY_MOCK_HOTEL_ID) throw new OpenKeyError(404, 'HOTEL_NOT_FOUND', 'No such hotel.');
    });

    api.post('/api/v1/hotels/:hotelId/sessions', async (request, reply) => {
      const body = isRecord(request.body) ? request.body : {};
      const reservationId = text(body.reservation_id);
      if (!reservationId) throw new OpenKeyError(422, 'VALIDATION_ERROR', 'reservation_id is required.');
      const room = text(body.room_number);
      if (!room) throw new OpenKeyError(409, 'ROOM_NOT_ASSIGNED', 'No room is assigned to the reservation.');
      if (!isDateTime(body.check_in) || !isDateTime(body.check_out)) throw new OpenKeyError(422, 'INVALID_DATES', 'check_in and check_out must be ISO date-times.');
      if (Date.parse(body.check_out) <= Date.parse(body.check_in)) throw new OpenKeyError(422, 'INVALID_DATES', 'check_out must be after check_in.');
      const guest = readGuest(body.guest);
      const key = store.create({ reservationId, room, validFrom: body.check_in, validUntil: body.check_out, guest });
      return reply.code(201).send({ success: true, data: view(request, key) });
    });

    api.get('/api/v1/hotels/:hotelId/sessions', async (request) => {
      const { reservation_id: reservationId } = request.query as { reservation_id?: string };
      return { success: true, data: store.list({ reservationId }).map((key) => view(request, key)) };
    });

    api.get('/api/v1/hotels/:hotelId/sessions/:id', async (request) => ({
      success: true,
      data: view(request, session((request.params as { id: string }).id)),
    }));

    api.patch('/api/v1/hotels/:hotelId/sessions/:id', async (request) => {
      const { id } = request.params as { id: string };
      session(id);
      const body = isRecord(request.body) ? request.body : {};
      if (body.check_out !== undefined && !isDateTime(body.check_out)) throw new OpenKeyError(422, 'INVALID_DATES', 'check_out must be an ISO date-time.');
      if (body.room_number !== undefined && !text(body.room_number)) throw new OpenKeyError(409, 'ROOM_NOT_ASSIGNED', 'room_number is empty.');
      const current = store.get(id)!;
      if (typeof body.check_out === 'string' && Date.parse(body.check_out) <= Date.parse(current.validFrom)) {
        throw new OpenKeyError(422, 'INVALID_DATES', 'check_out must be after check_in.');
      }
      const key = store.update(id, { validUntil: body.check_out as string | undefined, room: text(body.room_number) ?? undefined });
      return { success: true, data: view(request, key) };
    });

    api.post('/api/v1/hotels/:hotelId/sessions/:id/checkout', async (request) => {
      const { id } = request.params as { id: string };
      if (session(id).state === 'revoked') throw new OpenKeyError(409, 'SESSION_CHECKED_OUT', 'The session is checked out.');
      return { success: true, data: view(request, store.revoke(id, 'checkout')) };
    });

    api.post('/api/v1/hotels/:hotelId/sessions/:id/guests', async (request, reply) => {
      const { id } = request.params as { id: string };
      session(id);
      return reply.code(201).send({ success: true, data: view(request, store.share(id, readGuest(request.body))) });
    });
  });

  return {
    app,
    store,
    start: (port, host) => listenOn(app, port, host),
    stop: () => app.close(),
  };
}

import { randomBytes } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { acceptFormBodies, clientCredentials } from '../shared/client-credentials.js';
import { registerFaults } from '../shared/faults.js';
import { listenOn } from '../shared/listen.js';
import { createKeyStore, isDateTime, LockError, type KeyStore, type StoredKey } from '../shared/mobile-keys.js';
import { ALLIANTS_MOCK_CLIENT_ID, ALLIANTS_MOCK_CLIENT_SECRET, ALLIANTS_MOCK_LOCATION_ID } from './credentials.js';

/**
 * Mock of an Alliants AXP digital-key API. Alliants publishes none: this is the contract we guessed
 * (../shared/contracts/services.md §2.3): OAuth2 client credentials for a bearer token, an
 * `X-Location-Id` header, camelCase JSON, `{error: {code, message}}` bodies, and (our guess too)
 * an `Idempotency-Key` header on issue. README.md lists every route, error and control.
 */
export interface AlliantsMock {
  app: FastifyInstance;
  store: KeyStore;
  start(port?: number, host?: string): Promise<string>;
  stop(): Promise<void>;
}

const TOKEN_SECONDS = 3600;
const DELIVERIES = ['guest_app', 'apple_wallet', 'google_wallet'] as const;
type Delivery = (typeof DELIVERIES)[number];
const REASONS = ['room_change', 'checkout', 'security'];

class AlliantsError extends Error {
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
    LOCK_SERVER_TIMEOUT: new AlliantsError(504, 'LOCK_SERVER_TIMEOUT', error.message),
    KEY_REVOKED: new AlliantsError(409, 'KEY_REVOKED', error.message),
    KEY_EXPIRED: new AlliantsError(409, 'KEY_EXPIRED', error.message),
    NOT_FOUND: new AlliantsError(404, 'KEY_NOT_FOUND', 'No such digital key.'),
  })[error.code];

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim() : null);

export function createAlliantsMock(options: { now?: number; logger?: boolean } = {}): AlliantsMock {
  const app = Fastify({ logger: options.logger ?? false });
  const store = createKeyStore({ now: options.now });
  const tokens = new Map<string, number>();
  const deliveries = new Map<string, Delivery>();
  const idempotent = new Map<string, string>();

  acceptFormBodies(app);

  const send = (reply: FastifyReply, error: AlliantsError) => reply.code(error.status).send({ error: { code: error.code, message: error.message } });

  const view = (request: FastifyRequest, key: StoredKey) => {
    const delivery = deliveries.get(key.id) ?? 'guest_app';
    const base = `${request.protocol}://${request.headers.host}`;
    return {
      id: key.id,
      bookingRef: key.reservationId,
      status: key.state,
      roomNumber: key.room,
      validFrom: key.validFrom,
      validUntil: key.validUntil,
      delivery,
      walletPassUrl: delivery === 'guest_app' ? null : `${base}/passes/${key.id}`,
      changes: key.changes,
      revokeReason: key.revokeReason,
      createdAt: key.createdAt,
      updatedAt: key.updatedAt,
    };
  };

  const digitalKey = (id: string) => {
    const key = store.get(id);
    if (!key) throw new AlliantsError(404, 'KEY_NOT_FOUND', 'No such digital key.');
    return key;
  };

  registerFaults(app, {
    serverError: (reply) => send(reply, new AlliantsError(500, 'INTERNAL_ERROR', 'Something went wrong.')),
    rateLimited: (reply) => send(reply, new AlliantsError(429, 'RATE_LIMITED', 'Too many requests.')),
  });
  store.registerControl(app);

  app.setErrorHandler((error, request, reply) => {
    if (error instanceof AlliantsError) return send(reply, error);
    if (error instanceof LockError) return send(reply, fromLockError(error));
    if ((error as { statusCode?: number }).statusCode === 400) return send(reply, new AlliantsError(400, 'BAD_REQUEST', 'The body could not be read.'));
    request.log.error(error);
    return send(reply, new AlliantsError(500, 'INTERNAL_ERROR', 'Something went wrong.'));
  });
  app.setNotFoundHandler((_request, reply) => send(reply, new AlliantsError(404, 'NOT_FOUND', 'No such resource.')));

  app.post('/oauth/token', async (request, reply) => {
    const { id, secret, grant } = clientCredentials(request);
    if (grant !== 'client_credentials') return reply.code(400).send({ error: 'unsupported_grant_type' });
    if (id !== ALLIANTS_MOCK_CLIENT_ID || secret !== ALLIANTS_MOCK_CLIENT_SECRET) return reply.code(401).send({ error: 'invalid_client' });
    const token = `axp_${randomBytes(16).toString('hex')}`;
    tokens.set(token, Date.now() + TOKEN_SECONDS * 1000);
    return { access_token: token, token_type: 'Bearer', expires_in: TOKEN_SECONDS };
  });

  // What a wallet-pass link opens; the real one is a signed .pkpass or a Google Wallet save link.
  app.get('/passes/:id', async (request, reply) => {
    const key = store.get((request.params as { id: string }).id);
    if (!key) return reply.code(404).type('text/html').send('<!doctype html><title>Alliants</title><p>No such pass.</p>');
    return reply.type('text/html').send(`<!doctype html><title>Room key</title><h1>Alliants wallet pass (mock)</h1><p>Room ${key.room}: ${key.state}</p>`);
  });

  app.register(async (api) => {
    api.addHook('onRequest', async (request) => {
      const token = /^Bearer (.+)$/.exec(String(request.headers.authorization ?? ''))?.[1];
      const expires = token ? tokens.get(token) : undefined;
      if (!expires || expires <= Date.now()) throw new AlliantsError(401, 'UNAUTHORIZED', 'The access token is missing, unknown or expired.');
      const { locationId } = request.params as { locationId?: string };
      if (locationId !== ALLIANTS_MOCK_LOCATION_ID) throw new AlliantsError(404, 'LOCATION_NOT_FOUND', 'No such location.');
      if (request.headers['x-location-id'] !== locationId) throw new AlliantsError(403, 'LOCATION_MISMATCH', 'X-Location-Id does not name this location.');
    });

    api.post('/v1/locations/:locationId/bookings/:bookingRef/digital-keys', async (request, reply) => {
      const idempotencyKey = text(request.headers['idempotency-key']);
      const known = idempotencyKey ? idempotent.get(idempotencyKey) : undefined;
      if (known) return reply.code(200).send(view(request, store.get(known)!));
      const body = isRecord(request.body) ? request.body : {};
      const room = text(body.roomNumber);
      if (!room) throw new AlliantsError(409, 'ROOM_NOT_ASSIGNED', 'No room is assigned to the booking.');
      if (!isDateTime(body.validFrom) || !isDateTime(body.validUntil)) throw new AlliantsError(422, 'INVALID_VALIDITY', 'validFrom and validUntil must be ISO date-times.');
      if (Date.parse(body.validUntil) <= Date.parse(body.validFrom)) throw new AlliantsError(422, 'INVALID_VALIDITY', 'validUntil must be after validFrom.');
      const delivery = (body.delivery ?? 'guest_app') as Delivery;
      if (!DELIVERIES.includes(delivery)) throw new AlliantsError(422, 'INVALID_DELIVERY', `delivery must be one of ${DELIVERIES.join(', ')}.`);
      const guest = isRecord(body.guest) ? body.guest : {};
      // The guest app signs guests in by email; without one there is no app to deliver to.
      if (delivery === 'guest_app' && !text(guest.email)) throw new AlliantsError(422, 'GUEST_APP_NOT_INSTALLED', 'The guest has not installed the app.');
      const input = {
        reservationId: (request.params as { bookingRef: string }).bookingRef,
        room,
        validFrom: body.validFrom,
        validUntil: body.validUntil,
        guest: { firstName: text(guest.firstName), lastName: text(guest.lastName) ?? '', phone: text(guest.phone), email: text(guest.email) },
      };
      const remember = (key: StoredKey) => {
        deliveries.set(key.id, delivery);
        if (idempotencyKey) idempotent.set(idempotencyKey, key.id);
      };
      let key: StoredKey;
      try {
        key = store.create(input, (n) => `dk_${n.toString(16).padStart(4, '0')}`);
      } catch (error) {
        // Accepted, then the lock server timed out: the key exists (pending) and a retry with the key finds it.
        if (error instanceof LockError && error.key) remember(error.key);
        throw error;
      }
      remember(key);
      return reply.code(201).send(view(request, key));
    });

    api.get('/v1/locations/:locationId/digital-keys/:id', async (request) => view(request, digitalKey((request.params as { id: string }).id)));

    api.patch('/v1/locations/:locationId/digital-keys/:id', async (request) => {
      const { id } = request.params as { id: string };
      const current = digitalKey(id);
      const body = isRecord(request.body) ? request.body : {};
      if (body.validUntil !== undefined && (!isDateTime(body.validUntil) || Date.parse(body.validUntil) <= Date.parse(current.validFrom))) {
        throw new AlliantsError(422, 'INVALID_VALIDITY', 'validUntil must be an ISO date-time after validFrom.');
      }
      if (body.roomNumber !== undefined && !text(body.roomNumber)) throw new AlliantsError(409, 'ROOM_NOT_ASSIGNED', 'roomNumber is empty.');
      return view(request, store.update(id, { validUntil: body.validUntil as string | undefined, room: text(body.roomNumber) ?? undefined }));
    });

    api.post('/v1/locations/:locationId/digital-keys/:id/revoke', async (request) => {
      const { id } = request.params as { id: string };
      digitalKey(id);
      const reason = isRecord(request.body) ? request.body.reason : undefined;
      if (typeof reason !== 'string' || !REASONS.includes(reason)) throw new AlliantsError(422, 'INVALID_REASON', `reason must be one of ${REASONS.join(', ')}.`);
      return view(request, store.revoke(id, reason));
    });
  });

  return { app, store, start: (port, host) => listenOn(app, port, host), stop: () => app.close() };
}

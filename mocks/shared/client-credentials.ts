import type { FastifyInstance, FastifyRequest } from 'fastify';

/**
 * The OAuth2 client-credentials token request the guessed contracts share (Alliants, SpaBooker):
 * a form body, with the client's id and secret in it or in HTTP Basic as RFC 6749 prefers.
 */
export function acceptFormBodies(app: FastifyInstance): void {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) =>
    done(null, Object.fromEntries(new URLSearchParams(String(body)))),
  );
}

const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim() : null);

export function clientCredentials(request: FastifyRequest): { id: string | null; secret: string | null; grant: string | null } {
  const body = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as Record<string, unknown>;
  const grant = text(body.grant_type);
  const basic = /^Basic (.+)$/.exec(String(request.headers.authorization ?? ''))?.[1];
  if (basic) {
    const [id, secret] = Buffer.from(basic, 'base64').toString('utf8').split(':');
    return { id: id ?? null, secret: secret ?? null, grant };
  }
  return { id: text(body.client_id), secret: text(body.client_secret), grant };
}

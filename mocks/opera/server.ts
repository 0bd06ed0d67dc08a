import Fastify, { type FastifyInstance } from 'fastify';
import { registerFaults } from '../shared/faults.js';
import { TokenStore, registerOauthRoutes, requireOperaAuth } from './auth.js';
import { operaFaultReplies, registerProblemHandlers } from './problems.js';
import { registerCrmRoutes } from './routes/crm.js';
import { registerCshRoutes } from './routes/csh.js';
import { registerFofRoutes } from './routes/fof.js';
import { registerRsvRoutes } from './routes/rsv.js';
import { OperaState } from './state.js';

/** A local OPERA Cloud (OHIP) gateway: oauth + rsv, csh, crm and fof modules, state in memory. */
export interface OperaMockOptions {
  /** Clock for business dates and token expiry; tests move it to expire tokens. */
  now?: () => Date;
  /** Token lifetime; OHIP issues 3600 s tokens. */
  tokenTtlSeconds?: number;
  /** Fastify request logging. */
  logger?: boolean;
}

export interface OperaMock {
  app: FastifyInstance;
  state: OperaState;
  /** Listens and returns the base URL, e.g. `http://127.0.0.1:4101`. */
  start(port?: number, host?: string): Promise<string>;
  stop(): Promise<void>;
}

const OHIP_TOKEN_TTL_SECONDS = 3600;
/** OHIP's default request-body limit is 100 KB. */
const BODY_LIMIT_BYTES = 100 * 1024;

export function createOperaMock(options: OperaMockOptions = {}): OperaMock {
  const clock = options.now ?? (() => new Date());
  const state = new OperaState(clock);
  const tokens = new TokenStore(clock, options.tokenTtlSeconds ?? OHIP_TOKEN_TTL_SECONDS);
  const app = Fastify({ logger: options.logger ?? false, bodyLimit: BODY_LIMIT_BYTES });

  registerProblemHandlers(app);
  registerFaults(app, operaFaultReplies);
  app.addHook('onRequest', async (request, reply) => {
    const requestId = request.headers['x-request-id'];
    if (typeof requestId === 'string') reply.header('x-request-id', requestId);
  });

  registerOauthRoutes(app, tokens);
  const modules = [
    ['/rsv/v1', registerRsvRoutes],
    ['/csh/v1', registerCshRoutes],
    ['/crm/v1', registerCrmRoutes],
    ['/fof/v1', registerFofRoutes],
  ] as const;
  for (const [prefix, register] of modules) {
    app.register(
      async (scope) => {
        scope.addHook('onRequest', requireOperaAuth(tokens, state));
        register(scope, state);
      },
      { prefix },
    );
  }

  return {
    app,
    state,
    async start(port = 0, host = '127.0.0.1') {
      await app.listen({ port, host });
      const address = app.server.address();
      if (!address || typeof address === 'string') throw new Error('OPERA mock is not listening on a TCP port');
      return `http://${host}:${address.port}`;
    },
    stop: () => app.close(),
  };
}

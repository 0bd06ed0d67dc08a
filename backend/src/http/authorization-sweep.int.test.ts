import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorizationPolicy } from '../../test/authorization-policy.js';
import { createSweepIdentities, type Identity, type SweepTargets } from '../../test/sweep-identities.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';

const DENIED = [401, 403, 404];

describe('authorization sweep over every operation of /openapi.json', () => {
  let t: TestApp;
  let tokens: Map<Identity, string | undefined>;
  let targets: SweepTargets;
  let operations: string[];

  beforeAll(async () => {
    t = await createTestApp();
    ({ tokens, targets } = await createSweepIdentities(t.app, t.databaseUrl));
    const spec = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> };
    operations = Object.entries(spec.paths).flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`));
  });
  afterAll(() => t.close());

  it('has a policy for every operation, and none for operations that do not exist', () => {
    expect(operations.filter((operation) => !(operation in authorizationPolicy)), 'operations without a policy').toEqual([]);
    expect(Object.keys(authorizationPolicy).filter((operation) => !operations.includes(operation)), 'policies of no operation').toEqual([]);
  });

  it('lets exactly the allowed identities through, for every operation and identity', async () => {
    // Logout ends the session every other call uses, so it goes last.
    const ordered = [...operations].sort((a, b) => Number(a.endsWith('/logout')) - Number(b.endsWith('/logout')));
    const wrong: string[] = [];
    for (const operation of ordered) {
      const [method, path] = operation.split(' ') as [string, string];
      for (const [index, policyCase] of (authorizationPolicy[operation] ?? []).entries()) {
        const objects = { ...targets, ...policyCase.targets?.(targets) };
        const url = path.replace(/\{(\w+)\}/g, (_match, name: keyof SweepTargets) => objects[name]);
        for (const [identity, token] of tokens) {
          const response = await t.app.inject({
            method: method as 'GET',
            url: `${url}${policyCase.query ?? ''}`,
            headers: { ...policyCase.headers, ...(token && { authorization: `Bearer ${token}` }) },
            ...(policyCase.body && { payload: policyCase.body(targets) }),
          });
          const allowed = policyCase.allow.includes(identity);
          const refused = (policyCase.refusedWith ?? DENIED).includes(response.statusCode);
          const ok = allowed ? !refused && response.statusCode < 500 : refused;
          if (!ok) wrong.push(`${operation} [case ${index}] as ${identity}: ${response.statusCode} (${allowed ? 'allowed' : 'denied'} by the policy)`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { integrationKinds } from './provider.js';
import { registry } from './registry.js';

describe('provider registry', () => {
  const definitions = integrationKinds.flatMap((kind) => Object.values(registry[kind].providers).map((definition) => ({ kind, definition })));

  it.each(definitions.map(({ kind, definition }) => [`${kind}/${definition.id}`, kind, definition] as const))(
    '%s documents every setting and marks only real fields secret',
    (_name, kind, definition) => {
      expect(definition.kind).toBe(kind);
      const shape = definition.configSchema.shape as Record<string, { description?: string }>;
      for (const [field, schema] of Object.entries(shape)) expect(schema.description, field).toBeTruthy();
      for (const secret of definition.secretFields) expect(Object.keys(shape)).toContain(secret);
    },
  );

  it('offers the default provider of every kind, and `none` for the optional ones', () => {
    for (const kind of integrationKinds) {
      const entry = registry[kind];
      expect(Object.keys(entry.providers)).toContain(entry.defaultProvider);
      if (entry.optional) expect(Object.keys(entry.providers)).toContain('none');
    }
  });
});

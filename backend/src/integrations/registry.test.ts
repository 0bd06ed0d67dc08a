import { describe, expect, it } from 'vitest';
import { z } from 'zod';
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

  interface JsonSchemaNode {
    title?: string;
    properties?: Record<string, JsonSchemaNode>;
  }
  /** Dotted paths of the settings, nested groups included, that have no title for the admin page. */
  const untitled = (schema: JsonSchemaNode, prefix = ''): string[] =>
    Object.entries(schema.properties ?? {}).flatMap(([name, child]) => {
      const path = prefix ? `${prefix}.${name}` : name;
      return [...(child.title ? [] : [path]), ...untitled(child, path)];
    });

  it('gives every setting of every provider a title for people (the admin page labels)', () => {
    const missing = definitions.flatMap(({ kind, definition }) =>
      untitled(z.toJSONSchema(definition.configSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchemaNode).map((path) => `${kind}/${definition.id}: ${path}`),
    );
    expect(missing).toEqual([]);
  });

  it('offers the default provider of every kind, and `none` for the optional ones', () => {
    for (const kind of integrationKinds) {
      const entry = registry[kind];
      expect(Object.keys(entry.providers)).toContain(entry.defaultProvider);
      if (entry.optional) expect(Object.keys(entry.providers)).toContain('none');
    }
  });
});

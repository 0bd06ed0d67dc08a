import { z } from 'zod';
import type { Database } from '../db/client.js';
import type { Listener } from '../db/listener.js';
import type { Clock } from '../lib/clock.js';
import { AppError, type FieldIssue } from '../lib/errors.js';
import type { SecretBox } from '../lib/secrets.js';
import { INTEGRATION_SETTINGS_CHANNEL } from '../lib/notify-channels.js';
import type { IntegrationSettingRow, IntegrationSettingsRepository } from '../modules/integrations/integration-settings.repository.js';
import type { HttpClientFactory } from './http.js';
import { integrationKinds, type IntegrationKind, type ProviderDefinition } from './provider.js';
import type { PortByKind, Registry } from './registry.js';

export type ValueSource = 'saved' | 'env' | 'default';

export interface HealthResult {
  ok: boolean;
  message: string;
  checkedAt: string;
  /** Settings that are missing or not valid, each with a sentence for beside its field (no call was made). */
  issues?: FieldIssue[];
}

export interface KindDescription {
  kind: IntegrationKind;
  provider: string;
  providerSource: ValueSource;
  enabled: boolean;
  capabilities: readonly string[];
  /** Non-secret settings in effect. */
  config: Record<string, unknown>;
  /** Secret fields: only whether they are set, and where from. Never their values. */
  secrets: Record<string, { set: boolean; source: ValueSource | null }>;
  /** Where each non-secret value comes from. */
  sources: Record<string, ValueSource>;
  version: number | null;
  updatedAt: string | null;
  lastHealth: HealthResult | null;
  /** Every provider of the kind with its settings form (JSON Schema), for the admin page. */
  providers: Array<{ id: string; label: string; capabilities: readonly string[]; secretFields: readonly string[]; configSchema: unknown }>;
}

export interface SettingsDraft {
  provider: string;
  /** Values for the provider's fields; an empty or missing secret keeps the stored one. */
  config: Record<string, unknown>;
}

interface Resolved {
  definition: ProviderDefinition;
  providerSource: ValueSource;
  row: IntegrationSettingRow | undefined;
  values: Record<string, unknown>;
  sources: Record<string, ValueSource>;
}

interface SettingSchemaNode {
  title?: string;
  properties?: Record<string, SettingSchemaNode>;
}

/** A sentence naming the setting by its title, as the admin page labels it: "Client secret is required." */
function settingIssueSentence(definition: ProviderDefinition, values: Record<string, unknown>, issue: z.core.$ZodIssue): string {
  let node = z.toJSONSchema(definition.configSchema, { io: 'input', unrepresentable: 'any' }) as SettingSchemaNode;
  let value: unknown = values;
  for (const key of issue.path) {
    node = node.properties?.[String(key)] ?? {};
    value = value && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key as PropertyKey] : undefined;
  }
  const title = node.title ?? issue.path.join('.');
  if (issue.code === 'invalid_type' && value === undefined) return `${title} is required.`;
  return `${title}: ${issue.message.replace(/\.?$/, '.')}`;
}

const secretContext = (propertyId: string, kind: string) => `${propertyId}:${kind}`;

/**
 * Picks and builds the provider of each kind for each property: the saved setting, else the
 * environment (`PMS_PROVIDER`, ...), else the default. Instances are cached per property and kind
 * and dropped when any process saves new settings (NOTIFY on INTEGRATION_SETTINGS_CHANNEL), so a
 * change needs no restart.
 */
export function createIntegrationManager(deps: {
  db: Database;
  settings: IntegrationSettingsRepository;
  registry: Registry;
  secrets: SecretBox;
  http: HttpClientFactory;
  clock: Clock;
  listener: Listener;
  /** Provider ids chosen by environment variables, per kind. */
  envProviders: Partial<Record<IntegrationKind, string | undefined>>;
  log: (message: string, error?: unknown) => void;
}) {
  const instances = new Map<string, Promise<unknown>>();
  const health = new Map<string, HealthResult>();
  const cacheKey = (propertyId: string, kind: string) => `${propertyId}:${kind}`;

  deps.listener.subscribe(INTEGRATION_SETTINGS_CHANNEL, (payload) => instances.delete(payload));
  deps.listener.onReconnect(() => instances.clear());

  const kindEntry = (kind: string) => {
    if (!(integrationKinds as readonly string[]).includes(kind)) throw new AppError('not_found', `Unknown integration kind "${kind}".`);
    return deps.registry[kind as IntegrationKind];
  };

  const definitionOf = (kind: IntegrationKind, providerId: string) => {
    const definition = deps.registry[kind].providers[providerId];
    if (!definition) throw new AppError('integration_misconfigured', `No ${kind} provider "${providerId}".`);
    return definition;
  };

  const openSecrets = (row: IntegrationSettingRow): Record<string, unknown> => {
    if (!row.secretsCiphertext || !row.secretsKeyId) return {};
    return JSON.parse(deps.secrets.open({ ciphertext: row.secretsCiphertext, keyId: row.secretsKeyId }, secretContext(row.propertyId, row.kind)));
  };

  /** The provider and every value in effect, with where each came from. */
  async function resolveSettings(kind: IntegrationKind, propertyId: string): Promise<Resolved> {
    const entry = deps.registry[kind];
    const row = await deps.settings.find(propertyId, kind);
    const envProvider = deps.envProviders[kind];
    const [providerId, providerSource]: [string, ValueSource] = row
      ? [row.provider, 'saved']
      : envProvider
        ? [envProvider, 'env']
        : [entry.defaultProvider, 'default'];
    const definition = definitionOf(kind, providerId);
    const values: Record<string, unknown> = {};
    const sources: Record<string, ValueSource> = {};
    for (const [field, value] of Object.entries(definition.fromEnv())) {
      if (value !== undefined) [values[field], sources[field]] = [value, 'env'];
    }
    if (row) {
      const saved = { ...(row.config as Record<string, unknown>), ...openSecrets(row) };
      for (const [field, value] of Object.entries(saved)) {
        if (value !== undefined && value !== '') [values[field], sources[field]] = [value, 'saved'];
      }
    }
    return { definition, providerSource, row, values, sources };
  }

  function parseConfig(definition: ProviderDefinition, values: Record<string, unknown>) {
    const parsed = definition.configSchema.safeParse(values);
    if (parsed.success) return { config: parsed.data as Record<string, unknown>, issues: [] as FieldIssue[] };
    return {
      config: null,
      issues: parsed.error.issues.map((issue) => ({ field: ['config', ...issue.path].join('.'), message: settingIssueSentence(definition, values, issue) })),
    };
  }

  async function build(kind: IntegrationKind, propertyId: string, definition: ProviderDefinition, values: Record<string, unknown>) {
    const property = await deps.settings.property(propertyId);
    if (!property) throw new AppError('not_found', 'No such property.');
    const { config, issues } = parseConfig(definition, values);
    if (!config) {
      deps.log(`${kind} provider ${definition.id} for property ${property.code} is misconfigured: ${issues.map((i) => i.field).join(', ')}`);
      throw new AppError('integration_misconfigured', `The ${kind} integration is not configured correctly.`);
    }
    return definition.create(config as never, { http: deps.http, clock: deps.clock, property });
  }

  async function check(kind: IntegrationKind, propertyId: string, run: () => Promise<{ healthCheck(): Promise<void> }>) {
    let result: HealthResult;
    try {
      await (await run()).healthCheck();
      result = { ok: true, message: 'Connected.', checkedAt: deps.clock.now().toISOString() };
    } catch (error) {
      const message = error instanceof AppError ? error.message : 'The provider could not be reached.';
      if (!(error instanceof AppError)) deps.log(`${kind} health check failed`, error);
      result = { ok: false, message, checkedAt: deps.clock.now().toISOString() };
    }
    health.set(cacheKey(propertyId, kind), result);
    return result;
  }

  function describeDefinition(definition: ProviderDefinition) {
    return {
      id: definition.id,
      label: definition.label,
      capabilities: definition.capabilities,
      secretFields: definition.secretFields,
      configSchema: z.toJSONSchema(definition.configSchema, { io: 'input', unrepresentable: 'any' }),
    };
  }

  /** The provider of `kind` for the property, built once and reused until its settings change. */
  function resolve<K extends IntegrationKind>(kind: K, propertyId: string): Promise<PortByKind[K]> {
    const key = cacheKey(propertyId, kind);
    let instance = instances.get(key);
    if (!instance) {
      instance = resolveSettings(kind, propertyId).then((resolved) => build(kind, propertyId, resolved.definition, resolved.values));
      instances.set(key, instance);
      // A failed build is not cached: the next call tries again (the setting may be fixed by then).
      instance.catch(() => instances.get(key) === instance && instances.delete(key));
    }
    return instance as Promise<PortByKind[K]>;
  }

  return {
    resolve,

    /** The id of the provider of `kind` in effect for the property (saved, env or default). */
    async providerOf(kind: IntegrationKind, propertyId: string): Promise<string> {
      return (await resolveSettings(kind, propertyId)).definition.id;
    },

    /** Id of the key new secrets are sealed with. */
    currentKeyId: deps.secrets.currentKeyId,

    async describe(propertyId: string): Promise<KindDescription[]> {
      return Promise.all(
        integrationKinds.map(async (kind) => {
          const { definition, providerSource, row, values, sources } = await resolveSettings(kind, propertyId);
          const secretFields = new Set<string>(definition.secretFields);
          const config: Record<string, unknown> = {};
          const publicSources: Record<string, ValueSource> = {};
          // Parsed when complete, so schema defaults show (as 'default'); raw values otherwise.
          const effective = parseConfig(definition, values).config ?? values;
          for (const field of Object.keys(definition.configSchema.shape)) {
            if (secretFields.has(field)) continue;
            const value = effective[field];
            if (value === undefined) continue;
            config[field] = value;
            publicSources[field] = sources[field] ?? 'default';
          }
          const secrets = Object.fromEntries(
            [...secretFields].map((field) => [field, { set: values[field] !== undefined, source: sources[field] ?? null }]),
          );
          return {
            kind,
            provider: definition.id,
            providerSource,
            enabled: definition.id !== 'none',
            capabilities: definition.capabilities,
            config,
            secrets,
            sources: publicSources,
            version: row?.version ?? null,
            updatedAt: row ? new Date(row.updatedAt).toISOString() : null,
            lastHealth: health.get(cacheKey(propertyId, kind)) ?? null,
            providers: Object.values(deps.registry[kind].providers).map(describeDefinition),
          };
        }),
      );
    },

    /**
     * Validates a draft against the provider's schema (stored secrets fill empty secret fields when
     * the provider is unchanged), then saves it with its secrets sealed. Returns the secret field
     * names that changed, for the audit log.
     */
    async save(kind: string, propertyId: string, draft: SettingsDraft, actorId: string) {
      const entry = kindEntry(kind);
      const typedKind = kind as IntegrationKind;
      const definition = entry.providers[draft.provider];
      if (!definition) {
        throw new AppError('validation_failed', `Unknown ${kind} provider "${draft.provider}".`, {
          details: [{ field: 'provider', message: `One of: ${Object.keys(entry.providers).join(', ')}` }],
        });
      }
      const existing = await deps.settings.find(propertyId, kind);
      const storedSecrets = existing && existing.provider === draft.provider ? openSecrets(existing) : {};
      const secretFields = new Set<string>(definition.secretFields);
      const known = new Set(Object.keys(definition.configSchema.shape));
      const unknown = Object.keys(draft.config).filter((field) => !known.has(field));
      if (unknown.length) {
        throw new AppError('validation_failed', `Unknown settings for ${draft.provider}: ${unknown.join(', ')}.`, {
          details: unknown.map((field) => ({ field: `config.${field}`, message: 'Unknown field.' })),
        });
      }
      const publicConfig: Record<string, unknown> = {};
      const secretValues: Record<string, unknown> = { ...storedSecrets };
      const changedSecrets: string[] = [];
      for (const [field, value] of Object.entries(draft.config)) {
        if (value === '' || value === null || value === undefined) continue;
        if (secretFields.has(field)) {
          secretValues[field] = value;
          changedSecrets.push(field);
        } else {
          publicConfig[field] = value;
        }
      }
      const envValues = Object.fromEntries(Object.entries(definition.fromEnv()).filter(([, value]) => value !== undefined));
      const { issues } = parseConfig(definition, { ...envValues, ...publicConfig, ...secretValues });
      if (issues.length) {
        throw new AppError('validation_failed', `Invalid settings: ${issues.map((issue) => issue.field).join(', ')}.`, { details: issues });
      }
      const sealed = Object.keys(secretValues).length
        ? deps.secrets.seal(JSON.stringify(secretValues), secretContext(propertyId, kind))
        : null;
      const row = await deps.db.transaction((tx) =>
        deps.settings.save(
          {
            propertyId,
            kind,
            provider: draft.provider,
            config: publicConfig,
            secretsCiphertext: sealed?.ciphertext ?? null,
            secretsKeyId: sealed?.keyId ?? null,
            updatedBy: actorId,
          },
          tx,
        ),
      );
      instances.delete(cacheKey(propertyId, typedKind));
      health.delete(cacheKey(propertyId, typedKind));
      return { row, changedSecrets, changedFields: Object.keys(publicConfig) };
    },

    /** Health check with the settings in effect, or with a draft that is not saved. */
    /** Missing or invalid settings are answered field by field without calling the vendor. */
    async testConnection(kind: string, propertyId: string, draft?: SettingsDraft): Promise<HealthResult> {
      const entry = kindEntry(kind);
      const typedKind = kind as IntegrationKind;
      const resolved = await resolveSettings(typedKind, propertyId);
      const definition = draft ? entry.providers[draft.provider] : resolved.definition;
      if (!definition) return { ok: false, message: `Unknown provider "${draft?.provider}".`, checkedAt: deps.clock.now().toISOString() };
      const base = resolved.definition.id === definition.id ? resolved.values : {};
      const drafted = Object.fromEntries(Object.entries(draft?.config ?? {}).filter(([, value]) => value !== '' && value != null));
      const values = { ...base, ...drafted };
      const { issues } = parseConfig(definition, values);
      if (issues.length) {
        const result = { ok: false, message: 'Fill in or correct the settings named below, then test again.', checkedAt: deps.clock.now().toISOString(), issues };
        health.set(cacheKey(propertyId, typedKind), result);
        return result;
      }
      return check(typedKind, propertyId, draft ? () => build(typedKind, propertyId, definition, values) : () => resolve(typedKind, propertyId));
    },

    /** Re-seals every stored secret under the current key (after a key rotation). */
    async resealAll(): Promise<number> {
      return deps.db.transaction(async (tx) => {
        let count = 0;
        for (const row of await deps.settings.listAll(tx)) {
          if (!row.secretsCiphertext || !row.secretsKeyId || row.secretsKeyId === deps.secrets.currentKeyId) continue;
          const plain = deps.secrets.open({ ciphertext: row.secretsCiphertext, keyId: row.secretsKeyId }, secretContext(row.propertyId, row.kind));
          const sealed = deps.secrets.seal(plain, secretContext(row.propertyId, row.kind));
          await deps.settings.updateSecrets(row.id, sealed.ciphertext, sealed.keyId, tx);
          count += 1;
        }
        return count;
      });
    },
  };
}

export type IntegrationManager = ReturnType<typeof createIntegrationManager>;

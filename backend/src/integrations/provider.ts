import type { z } from 'zod';
import type { Clock } from '../lib/clock.js';
import type { HttpClientFactory } from './http.js';

/** Every provider can be asked whether it works with its current settings. */
export interface HealthCheck {
  /** Resolves when the provider answers with these settings; throws an `AppError` saying why not. */
  healthCheck(): Promise<void>;
}

/** `ocr-fallback` is the provider that reads an ID document when the property's `ocr` provider fails or is too slow. */
export const integrationKinds = ['pms', 'payments', 'keys', 'spa', 'email', 'sms', 'push', 'ocr', 'ocr-fallback', 'concierge'] as const;
export type IntegrationKind = (typeof integrationKinds)[number];

export interface ProviderDeps {
  /** Makes the outbound HTTP client for this provider and property (base URL checks, retries, breaker). */
  http: HttpClientFactory;
  clock: Clock;
  /** The property this instance serves. */
  property: { id: string; code: string; timeZone: string; currency: string };
}

/**
 * What a provider declares. The registry lists them; the IntegrationManager picks one per property
 * (saved setting, else environment, else default), validates its config and creates it.
 */
export interface ProviderDefinition<Port extends HealthCheck = HealthCheck, Schema extends z.ZodObject = z.ZodObject> {
  id: string;
  kind: IntegrationKind;
  label: string;
  /** Every field documented with `.describe()`; secret fields listed in `secretFields`. */
  configSchema: Schema;
  /** Fields stored encrypted and never returned by the API. */
  secretFields: ReadonlyArray<keyof z.infer<Schema> & string>;
  /** What the provider can do, shown to admins. */
  capabilities: readonly string[];
  /** The config from environment variables; the only place besides config/env.ts that reads process.env. */
  fromEnv(): Partial<Record<keyof z.infer<Schema> & string, unknown>>;
  create(config: z.infer<Schema>, deps: ProviderDeps): Port;
}

/** Keeps the config type of a definition checked against its schema. */
export function defineProvider<Port extends HealthCheck, Schema extends z.ZodObject>(
  definition: ProviderDefinition<Port, Schema>,
): ProviderDefinition<Port, Schema> {
  return definition;
}

/**
 * For a provider's `fromEnv`: each config field whose environment variable is set (and not empty),
 * e.g. `settingsFromEnv({ apiKey: 'CLOUDBEDS_API_KEY' })`.
 */
export function settingsFromEnv<Field extends string>(names: Record<Field, string>): Partial<Record<Field, string>> {
  const config: Partial<Record<Field, string>> = {};
  for (const [field, name] of Object.entries(names) as Array<[Field, string]>) {
    const value = process.env[name];
    if (value !== undefined && value !== '') config[field] = value;
  }
  return config;
}

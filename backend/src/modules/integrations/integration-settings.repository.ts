import { and, eq, sql } from 'drizzle-orm';
import type { Database, Executor } from '../../db/client.js';
import { integrationSettings, properties } from '../../db/drizzle/schema.js';
import { INTEGRATION_SETTINGS_CHANNEL } from '../../lib/notify-channels.js';

export type IntegrationSettingRow = typeof integrationSettings.$inferSelect;

export function createIntegrationSettingsRepository(db: Database) {
  return {
    async find(propertyId: string, kind: string, tx: Executor = db): Promise<IntegrationSettingRow | undefined> {
      const [row] = await tx
        .select()
        .from(integrationSettings)
        .where(and(eq(integrationSettings.propertyId, propertyId), eq(integrationSettings.kind, kind)));
      return row;
    },

    async listForProperty(propertyId: string): Promise<IntegrationSettingRow[]> {
      return db.select().from(integrationSettings).where(eq(integrationSettings.propertyId, propertyId));
    },

    async listAll(tx: Executor = db): Promise<IntegrationSettingRow[]> {
      return tx.select().from(integrationSettings);
    },

    /** Inserts or replaces the row, bumping its version, and NOTIFYs in the same transaction. */
    async save(
      input: {
        propertyId: string;
        kind: string;
        provider: string;
        config: Record<string, unknown>;
        secretsCiphertext: string | null;
        secretsKeyId: string | null;
        updatedBy: string | null;
      },
      tx: Executor,
    ): Promise<IntegrationSettingRow> {
      const [row] = await tx
        .insert(integrationSettings)
        .values({ ...input, version: 1, updatedAt: sql`now()` })
        .onConflictDoUpdate({
          target: [integrationSettings.propertyId, integrationSettings.kind],
          set: {
            provider: input.provider,
            config: input.config,
            secretsCiphertext: input.secretsCiphertext,
            secretsKeyId: input.secretsKeyId,
            updatedBy: input.updatedBy,
            version: sql`${integrationSettings.version} + 1`,
            updatedAt: sql`now()`,
          },
        })
        .returning();
      await tx.execute(sql`SELECT pg_notify(${INTEGRATION_SETTINGS_CHANNEL}, ${`${input.propertyId}:${input.kind}`})`);
      if (!row) throw new Error('integration settings upsert returned nothing');
      return row;
    },

    async updateSecrets(id: string, secretsCiphertext: string, secretsKeyId: string, tx: Executor) {
      await tx.update(integrationSettings).set({ secretsCiphertext, secretsKeyId }).where(eq(integrationSettings.id, id));
    },

    async property(propertyId: string) {
      const [row] = await db
        .select({ id: properties.id, code: properties.code, timeZone: properties.timeZone, currency: properties.currency })
        .from(properties)
        .where(eq(properties.id, propertyId));
      return row;
    },
  };
}

export type IntegrationSettingsRepository = ReturnType<typeof createIntegrationSettingsRepository>;

ALTER TABLE "spa_charges" ADD COLUMN "posting_since" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "spa_charges" ADD COLUMN "posted_at" timestamp with time zone;
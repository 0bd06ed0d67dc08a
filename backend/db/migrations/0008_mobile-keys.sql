CREATE TYPE "public"."mobile_key_status" AS ENUM('issuing', 'pending', 'issued', 'revoking', 'revoked', 'expired', 'failed');--> statement-breakpoint
CREATE TABLE "mobile_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"property_id" uuid NOT NULL,
	"stay_id" uuid NOT NULL,
	"provider" text NOT NULL,
	"generation" integer NOT NULL,
	"idempotency_key" text NOT NULL,
	"key_ref" text,
	"status" "mobile_key_status" DEFAULT 'issuing' NOT NULL,
	"room" text NOT NULL,
	"valid_from" timestamp with time zone NOT NULL,
	"valid_until" timestamp with time zone NOT NULL,
	"invitation_url" text,
	"wallet_url" text,
	"shared_with" integer DEFAULT 0 NOT NULL,
	"revoke_reason" text,
	"last_error" text,
	"failed_attempts" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "mobile_keys_idempotency_key_unique" UNIQUE("idempotency_key")
);
--> statement-breakpoint
ALTER TABLE "property_settings" ADD COLUMN "check_out_time" text DEFAULT '11:00' NOT NULL;--> statement-breakpoint
ALTER TABLE "mobile_keys" ADD CONSTRAINT "mobile_keys_property_id_properties_id_fk" FOREIGN KEY ("property_id") REFERENCES "public"."properties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mobile_keys" ADD CONSTRAINT "mobile_keys_stay_id_stays_id_fk" FOREIGN KEY ("stay_id") REFERENCES "public"."stays"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "mobile_keys_stay_generation_uq" ON "mobile_keys" USING btree ("stay_id","generation");--> statement-breakpoint
CREATE UNIQUE INDEX "mobile_keys_one_live_uq" ON "mobile_keys" USING btree ("stay_id") WHERE "mobile_keys"."status" in ('issuing', 'pending', 'issued');--> statement-breakpoint
CREATE INDEX "mobile_keys_attention_idx" ON "mobile_keys" USING btree ("property_id") WHERE "mobile_keys"."last_error" is not null;
CREATE TYPE "public"."card_hold_status" AS ENUM('placing', 'requires_action', 'authorized', 'captured', 'released', 'failed');--> statement-breakpoint
CREATE TYPE "public"."card_setup_status" AS ENUM('requested', 'requires_payment_method', 'requires_action', 'processing', 'succeeded', 'canceled');--> statement-breakpoint
CREATE TYPE "public"."payment_kind" AS ENUM('payment', 'tip');--> statement-breakpoint
CREATE TYPE "public"."provider_payment_status" AS ENUM('requested', 'requires_action', 'succeeded', 'failed');--> statement-breakpoint
ALTER TYPE "public"."payment_method" ADD VALUE 'card';--> statement-breakpoint
CREATE TABLE "card_holds" (
	"id" uuid PRIMARY KEY NOT NULL,
	"property_id" uuid NOT NULL,
	"stay_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"idempotency_key" text NOT NULL,
	"card_setup_id" uuid NOT NULL,
	"amount_minor" integer NOT NULL,
	"currency" text NOT NULL,
	"status" "card_hold_status" DEFAULT 'placing' NOT NULL,
	"provider_payment_id" text,
	"capturable_minor" integer DEFAULT 0 NOT NULL,
	"captured_minor" integer DEFAULT 0 NOT NULL,
	"capture_before" timestamp with time zone,
	"placed_by" uuid,
	"last_error" text,
	"placing_since" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "card_holds_idempotency_key_unique" UNIQUE("idempotency_key"),
	CONSTRAINT "card_holds_amount_positive" CHECK ("card_holds"."amount_minor" > 0)
);
--> statement-breakpoint
CREATE TABLE "card_setups" (
	"id" uuid PRIMARY KEY NOT NULL,
	"property_id" uuid NOT NULL,
	"stay_id" uuid NOT NULL,
	"customer_id" text NOT NULL,
	"setup_id" text,
	"status" "card_setup_status" DEFAULT 'requested' NOT NULL,
	"payment_method_id" text,
	"card_brand" text,
	"card_last4" text,
	"card_exp_month" smallint,
	"card_exp_year" smallint,
	"succeeded_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payment_webhook_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"property_id" uuid NOT NULL,
	"provider" text NOT NULL,
	"event_id" text NOT NULL,
	"type" text NOT NULL,
	"event" jsonb NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"applied_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "guests" ADD COLUMN "payments_customer_id" text;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "kind" "payment_kind" DEFAULT 'payment' NOT NULL;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "provider_payment_id" text;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "provider_idempotency_key" text;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "provider_status" "provider_payment_status";--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "hold_id" uuid;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "card_setup_id" uuid;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "tip_staff_id" uuid;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "tip_department" "department";--> statement-breakpoint
ALTER TABLE "property_settings" ADD COLUMN "hold_per_night_minor" integer DEFAULT 5000 NOT NULL;--> statement-breakpoint
ALTER TABLE "property_settings" ADD COLUMN "hold_deposit_minor" integer DEFAULT 10000 NOT NULL;--> statement-breakpoint
ALTER TABLE "card_holds" ADD CONSTRAINT "card_holds_property_id_properties_id_fk" FOREIGN KEY ("property_id") REFERENCES "public"."properties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "card_holds" ADD CONSTRAINT "card_holds_stay_id_stays_id_fk" FOREIGN KEY ("stay_id") REFERENCES "public"."stays"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "card_holds" ADD CONSTRAINT "card_holds_card_setup_id_card_setups_id_fk" FOREIGN KEY ("card_setup_id") REFERENCES "public"."card_setups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "card_holds" ADD CONSTRAINT "card_holds_placed_by_staff_users_id_fk" FOREIGN KEY ("placed_by") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "card_setups" ADD CONSTRAINT "card_setups_property_id_properties_id_fk" FOREIGN KEY ("property_id") REFERENCES "public"."properties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "card_setups" ADD CONSTRAINT "card_setups_stay_id_stays_id_fk" FOREIGN KEY ("stay_id") REFERENCES "public"."stays"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_webhook_events" ADD CONSTRAINT "payment_webhook_events_property_id_properties_id_fk" FOREIGN KEY ("property_id") REFERENCES "public"."properties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "card_holds_stay_version_uq" ON "card_holds" USING btree ("stay_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "card_holds_one_open_uq" ON "card_holds" USING btree ("stay_id") WHERE "card_holds"."status" in ('placing', 'requires_action', 'authorized');--> statement-breakpoint
CREATE INDEX "card_holds_provider_payment_idx" ON "card_holds" USING btree ("property_id","provider_payment_id");--> statement-breakpoint
CREATE UNIQUE INDEX "card_setups_setup_uq" ON "card_setups" USING btree ("property_id","setup_id");--> statement-breakpoint
CREATE INDEX "card_setups_stay_idx" ON "card_setups" USING btree ("stay_id","succeeded_at");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_webhook_events_event_uq" ON "payment_webhook_events" USING btree ("property_id","provider","event_id");--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_hold_id_card_holds_id_fk" FOREIGN KEY ("hold_id") REFERENCES "public"."card_holds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_card_setup_id_card_setups_id_fk" FOREIGN KEY ("card_setup_id") REFERENCES "public"."card_setups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_tip_staff_id_staff_users_id_fk" FOREIGN KEY ("tip_staff_id") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "payments_provider_payment_idx" ON "payments" USING btree ("property_id","provider_payment_id");--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_provider_idempotency_key_unique" UNIQUE("provider_idempotency_key");
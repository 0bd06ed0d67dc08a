CREATE TYPE "public"."spa_booking_status" AS ENUM('pending', 'failed', 'booked', 'arrived', 'completed', 'no_show', 'cancelled', 'late_cancelled');--> statement-breakpoint
CREATE TYPE "public"."spa_payment" AS ENUM('room', 'card');--> statement-breakpoint
ALTER TYPE "public"."payment_kind" ADD VALUE 'charge';--> statement-breakpoint
ALTER TYPE "public"."payment_kind" ADD VALUE 'credit';--> statement-breakpoint
ALTER TYPE "public"."payment_method" ADD VALUE 'room';--> statement-breakpoint
CREATE TABLE "spa_bookings" (
	"id" uuid PRIMARY KEY NOT NULL,
	"property_id" uuid NOT NULL,
	"stay_id" uuid NOT NULL,
	"reference" text NOT NULL,
	"request_key" text NOT NULL,
	"provider" text NOT NULL,
	"provider_booking_id" text,
	"treatment_id" text NOT NULL,
	"treatment_name" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"therapist_id" text,
	"therapist_name" text,
	"price_minor" integer NOT NULL,
	"currency" text NOT NULL,
	"payment" "spa_payment" NOT NULL,
	"notes" text,
	"status" "spa_booking_status" DEFAULT 'pending' NOT NULL,
	"failure_reason" text,
	"charge_payment_id" uuid,
	"credit_payment_id" uuid,
	"created_by_type" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "spa_bookings_reference_unique" UNIQUE("reference"),
	CONSTRAINT "spa_bookings_price_nonnegative" CHECK ("spa_bookings"."price_minor" >= 0)
);
--> statement-breakpoint
CREATE TABLE "spa_settings" (
	"property_id" uuid PRIMARY KEY NOT NULL,
	"cancellation_window_hours" smallint DEFAULT 24 NOT NULL,
	"late_cancel_fee_percent" smallint DEFAULT 50 NOT NULL,
	"no_show_fee_percent" smallint DEFAULT 100 NOT NULL,
	"room_charge_allowed" boolean DEFAULT true NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "charge_code" text;--> statement-breakpoint
ALTER TABLE "spa_bookings" ADD CONSTRAINT "spa_bookings_property_id_properties_id_fk" FOREIGN KEY ("property_id") REFERENCES "public"."properties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spa_bookings" ADD CONSTRAINT "spa_bookings_stay_id_stays_id_fk" FOREIGN KEY ("stay_id") REFERENCES "public"."stays"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spa_bookings" ADD CONSTRAINT "spa_bookings_charge_payment_id_payments_id_fk" FOREIGN KEY ("charge_payment_id") REFERENCES "public"."payments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spa_bookings" ADD CONSTRAINT "spa_bookings_credit_payment_id_payments_id_fk" FOREIGN KEY ("credit_payment_id") REFERENCES "public"."payments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spa_bookings" ADD CONSTRAINT "spa_bookings_created_by_staff_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spa_settings" ADD CONSTRAINT "spa_settings_property_id_properties_id_fk" FOREIGN KEY ("property_id") REFERENCES "public"."properties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spa_settings" ADD CONSTRAINT "spa_settings_updated_by_staff_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "spa_bookings_request_key_uq" ON "spa_bookings" USING btree ("property_id","stay_id","request_key");--> statement-breakpoint
CREATE INDEX "spa_bookings_stay_idx" ON "spa_bookings" USING btree ("stay_id","starts_at");--> statement-breakpoint
CREATE INDEX "spa_bookings_property_starts_idx" ON "spa_bookings" USING btree ("property_id","starts_at");
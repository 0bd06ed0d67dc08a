CREATE TYPE "public"."spa_booking_status" AS ENUM('booking', 'booked', 'arrived', 'completed', 'no_show', 'cancelled', 'late_cancelled', 'failed');--> statement-breakpoint
CREATE TYPE "public"."spa_charge_kind" AS ENUM('treatment', 'credit');--> statement-breakpoint
CREATE TYPE "public"."spa_payment" AS ENUM('room', 'card');--> statement-breakpoint
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
	"therapist_id" text,
	"therapist_name" text,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"price_minor" integer NOT NULL,
	"currency" text NOT NULL,
	"payment" "spa_payment" NOT NULL,
	"notes" text,
	"status" "spa_booking_status" DEFAULT 'booking' NOT NULL,
	"failure_reason" text,
	"fee_minor" integer DEFAULT 0 NOT NULL,
	"payment_id" uuid,
	"booked_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "spa_bookings_reference_unique" UNIQUE("reference")
);
--> statement-breakpoint
CREATE TABLE "spa_charges" (
	"id" uuid PRIMARY KEY NOT NULL,
	"property_id" uuid NOT NULL,
	"stay_id" uuid NOT NULL,
	"booking_id" uuid NOT NULL,
	"kind" "spa_charge_kind" NOT NULL,
	"amount_minor" integer NOT NULL,
	"currency" text NOT NULL,
	"description" text NOT NULL,
	"pms_idempotency_key" text NOT NULL,
	"status" "payment_status" DEFAULT 'pending' NOT NULL,
	"pms_posting_id" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "spa_charges_pms_idempotency_key_unique" UNIQUE("pms_idempotency_key"),
	CONSTRAINT "spa_charges_amount_positive" CHECK ("spa_charges"."amount_minor" > 0)
);
--> statement-breakpoint
ALTER TABLE "property_settings" ADD COLUMN "spa_cancellation_window_hours" smallint DEFAULT 24 NOT NULL;--> statement-breakpoint
ALTER TABLE "property_settings" ADD COLUMN "spa_late_cancel_fee_percent" smallint DEFAULT 50 NOT NULL;--> statement-breakpoint
ALTER TABLE "property_settings" ADD COLUMN "spa_no_show_fee_percent" smallint DEFAULT 100 NOT NULL;--> statement-breakpoint
ALTER TABLE "property_settings" ADD COLUMN "spa_room_charge_allowed" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "spa_bookings" ADD CONSTRAINT "spa_bookings_property_id_properties_id_fk" FOREIGN KEY ("property_id") REFERENCES "public"."properties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spa_bookings" ADD CONSTRAINT "spa_bookings_stay_id_stays_id_fk" FOREIGN KEY ("stay_id") REFERENCES "public"."stays"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spa_bookings" ADD CONSTRAINT "spa_bookings_payment_id_payments_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spa_bookings" ADD CONSTRAINT "spa_bookings_booked_by_staff_users_id_fk" FOREIGN KEY ("booked_by") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spa_charges" ADD CONSTRAINT "spa_charges_property_id_properties_id_fk" FOREIGN KEY ("property_id") REFERENCES "public"."properties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spa_charges" ADD CONSTRAINT "spa_charges_stay_id_stays_id_fk" FOREIGN KEY ("stay_id") REFERENCES "public"."stays"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spa_charges" ADD CONSTRAINT "spa_charges_booking_id_spa_bookings_id_fk" FOREIGN KEY ("booking_id") REFERENCES "public"."spa_bookings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "spa_bookings_request_key_uq" ON "spa_bookings" USING btree ("property_id","stay_id","request_key");--> statement-breakpoint
CREATE INDEX "spa_bookings_day_idx" ON "spa_bookings" USING btree ("property_id","starts_at");--> statement-breakpoint
CREATE INDEX "spa_bookings_stay_idx" ON "spa_bookings" USING btree ("stay_id","starts_at");--> statement-breakpoint
CREATE UNIQUE INDEX "spa_charges_booking_kind_uq" ON "spa_charges" USING btree ("booking_id","kind");
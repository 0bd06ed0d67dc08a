CREATE TYPE "public"."id_review_status" AS ENUM('none', 'pending', 'approved');--> statement-breakpoint
CREATE TABLE "check_ins" (
	"stay_id" uuid PRIMARY KEY NOT NULL,
	"property_id" uuid NOT NULL,
	"progress" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"id_sealed" text,
	"id_key_id" text,
	"id_images_sealed" text,
	"id_images_key_id" text,
	"id_flags" text[] DEFAULT ARRAY[]::text[] NOT NULL,
	"id_provider" text,
	"id_confirmed_at" timestamp with time zone,
	"review_status" "id_review_status" DEFAULT 'none' NOT NULL,
	"reviewed_by" uuid,
	"reviewed_at" timestamp with time zone,
	"registration_sealed" text,
	"registration_key_id" text,
	"signed_at" timestamp with time zone,
	"arrival_time" text,
	"arrival_requests" jsonb,
	"completed_at" timestamp with time zone,
	"room_ready_at" timestamp with time zone,
	"purged_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "property_settings" ADD COLUMN "check_in_steps" text[] DEFAULT ARRAY['contact', 'id', 'registration', 'card', 'arrival']::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "property_settings" ADD COLUMN "check_in_retention_days" smallint DEFAULT 30 NOT NULL;--> statement-breakpoint
ALTER TABLE "property_settings" ADD COLUMN "id_images_stored" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "property_settings" ADD COLUMN "registration_card_kept" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "property_settings" ADD COLUMN "registration_terms" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "property_settings" ADD COLUMN "self_check_in" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "check_ins" ADD CONSTRAINT "check_ins_stay_id_stays_id_fk" FOREIGN KEY ("stay_id") REFERENCES "public"."stays"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "check_ins" ADD CONSTRAINT "check_ins_property_id_properties_id_fk" FOREIGN KEY ("property_id") REFERENCES "public"."properties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "check_ins" ADD CONSTRAINT "check_ins_reviewed_by_staff_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "check_ins_review_idx" ON "check_ins" USING btree ("property_id","updated_at") WHERE "check_ins"."review_status" = 'pending';--> statement-breakpoint
CREATE INDEX "check_ins_purge_idx" ON "check_ins" USING btree ("property_id") WHERE "check_ins"."purged_at" IS NULL;
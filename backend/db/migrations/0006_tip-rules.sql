CREATE TYPE "public"."tip_distribution" AS ENUM('person', 'pool', 'shared');--> statement-breakpoint
ALTER TABLE "property_settings" ADD COLUMN "tips_to_staff" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "property_settings" ADD COLUMN "tip_departments" "department"[] DEFAULT ARRAY['housekeeping', 'maintenance', 'front_desk', 'concierge', 'spa']::department[] NOT NULL;--> statement-breakpoint
ALTER TABLE "property_settings" ADD COLUMN "tip_distribution" "tip_distribution" DEFAULT 'person' NOT NULL;
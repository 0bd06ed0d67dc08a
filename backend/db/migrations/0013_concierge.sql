CREATE TYPE "public"."concierge_mode" AS ENUM('off', 'suggest', 'auto');--> statement-breakpoint
CREATE TYPE "public"."conversation_status" AS ENUM('ai', 'waiting_for_person', 'with_person');--> statement-breakpoint
CREATE TYPE "public"."message_author" AS ENUM('guest', 'ai', 'staff', 'system');--> statement-breakpoint
CREATE TYPE "public"."message_state" AS ENUM('sent', 'draft', 'discarded');--> statement-breakpoint
CREATE TYPE "public"."proposal_status" AS ENUM('proposed', 'confirmed', 'declined');--> statement-breakpoint
CREATE TABLE "concierge_places" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"property_id" uuid NOT NULL,
	"name" text NOT NULL,
	"category" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"hours" text,
	"distance_meters" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "concierge_proposals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"property_id" uuid NOT NULL,
	"stay_id" uuid NOT NULL,
	"conversation_id" uuid NOT NULL,
	"tool" text NOT NULL,
	"arguments" jsonb NOT NULL,
	"summary" text NOT NULL,
	"status" "proposal_status" DEFAULT 'proposed' NOT NULL,
	"result" jsonb,
	"expires_at" timestamp with time zone NOT NULL,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "concierge_settings" (
	"property_id" uuid PRIMARY KEY NOT NULL,
	"mode" "concierge_mode" DEFAULT 'auto' NOT NULL,
	"human_topics" text[] DEFAULT ARRAY['billing_dispute', 'complaint', 'medical', 'safety']::text[] NOT NULL,
	"business_hours_start" text,
	"business_hours_end" text,
	"alert_threshold" real DEFAULT -0.5 NOT NULL,
	"max_ai_messages_per_stay" integer DEFAULT 60 NOT NULL,
	"max_cost_micro_usd_per_stay" integer DEFAULT 500000 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "conversations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"property_id" uuid NOT NULL,
	"stay_id" uuid NOT NULL,
	"status" "conversation_status" DEFAULT 'ai' NOT NULL,
	"handoff_reason" text,
	"assigned_staff_id" uuid,
	"guest_unread" integer DEFAULT 0 NOT NULL,
	"staff_unread" integer DEFAULT 0 NOT NULL,
	"mood" real,
	"ai_messages" integer DEFAULT 0 NOT NULL,
	"cost_micro_usd" bigint DEFAULT 0 NOT NULL,
	"last_message_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"property_id" uuid NOT NULL,
	"conversation_id" uuid NOT NULL,
	"author" "message_author" NOT NULL,
	"staff_id" uuid,
	"state" "message_state" DEFAULT 'sent' NOT NULL,
	"text" text NOT NULL,
	"language" text,
	"client_message_id" text,
	"sentiment_score" real,
	"sentiment_label" text,
	"sources" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"tool_calls" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"prompt_tokens" integer,
	"completion_tokens" integer,
	"cost_micro_usd" integer,
	"model" text,
	"created_at" timestamp with time zone DEFAULT clock_timestamp() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "service_requests" ADD COLUMN "note_sentiment_score" real;--> statement-breakpoint
ALTER TABLE "service_requests" ADD COLUMN "note_sentiment_label" text;--> statement-breakpoint
ALTER TABLE "concierge_places" ADD CONSTRAINT "concierge_places_property_id_properties_id_fk" FOREIGN KEY ("property_id") REFERENCES "public"."properties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "concierge_proposals" ADD CONSTRAINT "concierge_proposals_property_id_properties_id_fk" FOREIGN KEY ("property_id") REFERENCES "public"."properties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "concierge_proposals" ADD CONSTRAINT "concierge_proposals_stay_id_stays_id_fk" FOREIGN KEY ("stay_id") REFERENCES "public"."stays"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "concierge_proposals" ADD CONSTRAINT "concierge_proposals_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "concierge_settings" ADD CONSTRAINT "concierge_settings_property_id_properties_id_fk" FOREIGN KEY ("property_id") REFERENCES "public"."properties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_property_id_properties_id_fk" FOREIGN KEY ("property_id") REFERENCES "public"."properties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_stay_id_stays_id_fk" FOREIGN KEY ("stay_id") REFERENCES "public"."stays"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_assigned_staff_id_staff_users_id_fk" FOREIGN KEY ("assigned_staff_id") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_property_id_properties_id_fk" FOREIGN KEY ("property_id") REFERENCES "public"."properties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_staff_id_staff_users_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "concierge_places_property_idx" ON "concierge_places" USING btree ("property_id","name");--> statement-breakpoint
CREATE INDEX "concierge_proposals_stay_idx" ON "concierge_proposals" USING btree ("stay_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "conversations_stay_uq" ON "conversations" USING btree ("stay_id");--> statement-breakpoint
CREATE INDEX "conversations_property_idx" ON "conversations" USING btree ("property_id","last_message_at");--> statement-breakpoint
CREATE INDEX "messages_conversation_idx" ON "messages" USING btree ("conversation_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "messages_client_id_uq" ON "messages" USING btree ("conversation_id","client_message_id");
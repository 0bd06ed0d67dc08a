ALTER TYPE "public"."payment_kind" ADD VALUE 'refund';--> statement-breakpoint
DROP INDEX "card_holds_one_open_uq";--> statement-breakpoint
ALTER TABLE "card_holds" ADD COLUMN "replaced_by" uuid;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "refund_of" uuid;--> statement-breakpoint
ALTER TABLE "property_settings" ADD COLUMN "refund_front_desk_max_minor" integer DEFAULT 10000 NOT NULL;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_refund_of_payments_id_fk" FOREIGN KEY ("refund_of") REFERENCES "public"."payments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "card_holds_capture_before_idx" ON "card_holds" USING btree ("capture_before") WHERE "card_holds"."status" = 'authorized';--> statement-breakpoint
CREATE INDEX "payments_refund_of_idx" ON "payments" USING btree ("refund_of");--> statement-breakpoint
CREATE UNIQUE INDEX "card_holds_one_open_uq" ON "card_holds" USING btree ("stay_id") WHERE "card_holds"."status" in ('placing', 'requires_action', 'authorized') and "card_holds"."replaced_by" is null;
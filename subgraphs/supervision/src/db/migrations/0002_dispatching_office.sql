ALTER TABLE "supervision"."cases" ADD COLUMN "dispatcher_id" text;--> statement-breakpoint
ALTER TABLE "supervision"."clues" ADD COLUMN "dispatcher_id" text;--> statement-breakpoint
CREATE INDEX "cases_dispatcher_idx" ON "supervision"."cases" USING btree ("dispatcher_id","first_assigned_at");
ALTER TABLE "supervision"."clues" ADD COLUMN "reporter_subject" text;--> statement-breakpoint
CREATE INDEX "clues_reporter_subject_idx" ON "supervision"."clues" USING btree ("reporter_subject");
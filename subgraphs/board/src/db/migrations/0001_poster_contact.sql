ALTER TABLE "board"."messages" ADD COLUMN "author_subject" text;--> statement-breakpoint
ALTER TABLE "board"."messages" ADD COLUMN "poster_name" text;--> statement-breakpoint
ALTER TABLE "board"."messages" ADD COLUMN "poster_phone" text;--> statement-breakpoint
ALTER TABLE "board"."messages" ADD COLUMN "poster_address" text;--> statement-breakpoint
CREATE INDEX "messages_author_idx" ON "board"."messages" USING btree ("author_subject");
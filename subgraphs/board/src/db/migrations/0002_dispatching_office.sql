ALTER TABLE "board"."boards" ADD COLUMN "office_id" text;--> statement-breakpoint
ALTER TABLE "board"."messages" ADD COLUMN "dispatcher_id" text;
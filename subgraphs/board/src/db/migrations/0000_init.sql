CREATE SCHEMA "board";
--> statement-breakpoint
CREATE TABLE "board"."boards" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"name_en" text NOT NULL,
	"leader_title" text NOT NULL,
	"region_code" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "board"."message_transitions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"message_id" uuid NOT NULL,
	"sequence" integer NOT NULL,
	"action" text NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"actor" text NOT NULL,
	"agency_id" text,
	"note" text,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "board"."messages" (
	"id" uuid PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"board_id" text NOT NULL,
	"title" text NOT NULL,
	"content" text NOT NULL,
	"category" text,
	"region_code" text NOT NULL,
	"status" text NOT NULL,
	"version" integer NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"assignee_id" text,
	"due_at" timestamp with time zone,
	"reply_content" text,
	"reply_agency_id" text,
	"reply_submitted_at" timestamp with time zone,
	"reply_published_at" timestamp with time zone,
	"satisfaction" text,
	"return_visit_comment" text,
	"return_visit_at" timestamp with time zone,
	"return_visit_by" text,
	"merged_into_id" uuid,
	CONSTRAINT "messages_number_unique" UNIQUE("number")
);
--> statement-breakpoint
CREATE TABLE "board"."number_counters" (
	"year" integer PRIMARY KEY NOT NULL,
	"last" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "board"."message_transitions" ADD CONSTRAINT "message_transitions_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "board"."messages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "board"."messages" ADD CONSTRAINT "messages_board_id_boards_id_fk" FOREIGN KEY ("board_id") REFERENCES "board"."boards"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "message_transitions_sequence_idx" ON "board"."message_transitions" USING btree ("message_id","sequence");--> statement-breakpoint
CREATE INDEX "messages_newest_idx" ON "board"."messages" USING btree ("submitted_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "messages_board_idx" ON "board"."messages" USING btree ("board_id","submitted_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "messages_status_idx" ON "board"."messages" USING btree ("status");--> statement-breakpoint
CREATE INDEX "messages_assignee_idx" ON "board"."messages" USING btree ("assignee_id");--> statement-breakpoint
CREATE INDEX "messages_region_idx" ON "board"."messages" USING btree ("region_code");
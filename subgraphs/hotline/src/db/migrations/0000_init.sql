CREATE SCHEMA "hotline";
--> statement-breakpoint
CREATE TABLE "hotline"."calls" (
	"id" uuid PRIMARY KEY NOT NULL,
	"hotline_id" text NOT NULL,
	"seat_id" text NOT NULL,
	"shift_id" uuid,
	"agent_handle" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"duration_seconds" integer NOT NULL,
	"caller_phone" text NOT NULL,
	"caller_name" text,
	"outcome" text NOT NULL,
	"summary" text,
	"ticket_id" uuid
);
--> statement-breakpoint
CREATE TABLE "hotline"."categories" (
	"id" text PRIMARY KEY NOT NULL,
	"parent_id" text,
	"name" text NOT NULL,
	"name_en" text NOT NULL,
	"deadline_class" text NOT NULL,
	"sort_order" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hotline"."deadline_rules" (
	"deadline_class" text PRIMARY KEY NOT NULL,
	"unit" text NOT NULL,
	"amount" integer NOT NULL,
	"description" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hotline"."hotlines" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"name_en" text NOT NULL,
	"phone_number" text NOT NULL,
	"agency_id" text NOT NULL,
	"region_code" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hotline"."number_counters" (
	"year" integer PRIMARY KEY NOT NULL,
	"last" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hotline"."return_visits" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"ticket_id" uuid NOT NULL,
	"sequence" integer NOT NULL,
	"satisfaction" text NOT NULL,
	"comment" text,
	"by" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hotline"."routing_rules" (
	"id" serial PRIMARY KEY NOT NULL,
	"category_id" text,
	"region_code" text NOT NULL,
	"agency_id" text NOT NULL,
	"note" text,
	CONSTRAINT "routing_rules_scope_unique" UNIQUE NULLS NOT DISTINCT("category_id","region_code")
);
--> statement-breakpoint
CREATE TABLE "hotline"."seats" (
	"id" text PRIMARY KEY NOT NULL,
	"hotline_id" text NOT NULL,
	"label" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hotline"."shifts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"seat_id" text NOT NULL,
	"agent_handle" text NOT NULL,
	"agent_name" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hotline"."ticket_transitions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"ticket_id" uuid NOT NULL,
	"sequence" integer NOT NULL,
	"action" text NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"actor" text NOT NULL,
	"agency_id" text,
	"note" text,
	"at" timestamp with time zone NOT NULL,
	"due_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "hotline"."tickets" (
	"id" uuid PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"hotline_id" text NOT NULL,
	"call_id" uuid NOT NULL,
	"title" text NOT NULL,
	"content" text NOT NULL,
	"category_id" text NOT NULL,
	"region_code" text NOT NULL,
	"urgency" text NOT NULL,
	"deadline_class" text NOT NULL,
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
	"first_contact_resolution" boolean DEFAULT false NOT NULL,
	"reopen_count" integer DEFAULT 0 NOT NULL,
	"merged_into_id" uuid,
	"ended_at" timestamp with time zone,
	CONSTRAINT "tickets_number_unique" UNIQUE("number")
);
--> statement-breakpoint
ALTER TABLE "hotline"."calls" ADD CONSTRAINT "calls_hotline_id_hotlines_id_fk" FOREIGN KEY ("hotline_id") REFERENCES "hotline"."hotlines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hotline"."calls" ADD CONSTRAINT "calls_seat_id_seats_id_fk" FOREIGN KEY ("seat_id") REFERENCES "hotline"."seats"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hotline"."return_visits" ADD CONSTRAINT "return_visits_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "hotline"."tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hotline"."routing_rules" ADD CONSTRAINT "routing_rules_category_id_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "hotline"."categories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hotline"."seats" ADD CONSTRAINT "seats_hotline_id_hotlines_id_fk" FOREIGN KEY ("hotline_id") REFERENCES "hotline"."hotlines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hotline"."shifts" ADD CONSTRAINT "shifts_seat_id_seats_id_fk" FOREIGN KEY ("seat_id") REFERENCES "hotline"."seats"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hotline"."ticket_transitions" ADD CONSTRAINT "ticket_transitions_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "hotline"."tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hotline"."tickets" ADD CONSTRAINT "tickets_hotline_id_hotlines_id_fk" FOREIGN KEY ("hotline_id") REFERENCES "hotline"."hotlines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hotline"."tickets" ADD CONSTRAINT "tickets_category_id_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "hotline"."categories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "calls_newest_idx" ON "hotline"."calls" USING btree ("started_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "calls_hotline_idx" ON "hotline"."calls" USING btree ("hotline_id","started_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "calls_ticket_idx" ON "hotline"."calls" USING btree ("ticket_id");--> statement-breakpoint
CREATE INDEX "categories_parent_idx" ON "hotline"."categories" USING btree ("parent_id");--> statement-breakpoint
CREATE UNIQUE INDEX "return_visits_sequence_idx" ON "hotline"."return_visits" USING btree ("ticket_id","sequence");--> statement-breakpoint
CREATE INDEX "seats_hotline_idx" ON "hotline"."seats" USING btree ("hotline_id");--> statement-breakpoint
CREATE INDEX "shifts_seat_idx" ON "hotline"."shifts" USING btree ("seat_id","starts_at");--> statement-breakpoint
CREATE UNIQUE INDEX "ticket_transitions_sequence_idx" ON "hotline"."ticket_transitions" USING btree ("ticket_id","sequence");--> statement-breakpoint
CREATE INDEX "ticket_transitions_action_idx" ON "hotline"."ticket_transitions" USING btree ("action","at");--> statement-breakpoint
CREATE INDEX "ticket_transitions_due_idx" ON "hotline"."ticket_transitions" USING btree ("due_at");--> statement-breakpoint
CREATE INDEX "tickets_newest_idx" ON "hotline"."tickets" USING btree ("submitted_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "tickets_hotline_idx" ON "hotline"."tickets" USING btree ("hotline_id","submitted_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "tickets_status_idx" ON "hotline"."tickets" USING btree ("status");--> statement-breakpoint
CREATE INDEX "tickets_assignee_idx" ON "hotline"."tickets" USING btree ("assignee_id");--> statement-breakpoint
CREATE INDEX "tickets_region_idx" ON "hotline"."tickets" USING btree ("region_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "tickets_category_idx" ON "hotline"."tickets" USING btree ("category_id" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "tickets_due_idx" ON "hotline"."tickets" USING btree ("due_at");
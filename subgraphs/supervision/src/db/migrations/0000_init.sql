CREATE SCHEMA "supervision";
--> statement-breakpoint
CREATE TABLE "supervision"."case_escalations" (
	"case_id" uuid NOT NULL,
	"level" integer NOT NULL,
	"kind" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"working_days_overdue" integer NOT NULL,
	"order_id" uuid,
	CONSTRAINT "case_escalations_case_id_level_pk" PRIMARY KEY("case_id","level")
);
--> statement-breakpoint
CREATE TABLE "supervision"."cases" (
	"id" uuid PRIMARY KEY NOT NULL,
	"channel" text NOT NULL,
	"number" text NOT NULL,
	"title" text NOT NULL,
	"category" text,
	"region_code" text NOT NULL,
	"status" text NOT NULL,
	"assignee_id" text,
	"submitted_at" timestamp with time zone NOT NULL,
	"due_at" timestamp with time zone,
	"satisfaction" text,
	"merged_into_id" uuid,
	"first_assigned_at" timestamp with time zone,
	"replied_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"last_sequence" integer NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "supervision"."clue_interventions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"clue_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"held_at" timestamp with time zone NOT NULL,
	"agency_ids" text[] NOT NULL,
	"summary" text NOT NULL,
	"recorded_by" text NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "supervision"."clue_transitions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"clue_id" uuid NOT NULL,
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
CREATE TABLE "supervision"."clues" (
	"id" uuid PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"title" text NOT NULL,
	"content" text NOT NULL,
	"category" text,
	"region_code" text NOT NULL,
	"sensitivity" text NOT NULL,
	"status" text NOT NULL,
	"version" integer NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"reporter_name" text,
	"reporter_phone" text,
	"assignee_id" text,
	"due_at" timestamp with time zone,
	"report_content" text,
	"report_agency_id" text,
	"report_submitted_at" timestamp with time zone,
	"report_approved_at" timestamp with time zone,
	"satisfaction" text,
	"return_visit_comment" text,
	"return_visit_at" timestamp with time zone,
	"return_visit_by" text,
	"merged_into_id" uuid,
	CONSTRAINT "clues_number_unique" UNIQUE("number")
);
--> statement-breakpoint
CREATE TABLE "supervision"."escalation_policy" (
	"id" text PRIMARY KEY NOT NULL,
	"order_after_working_days" integer NOT NULL,
	"notice_after_working_days" integer NOT NULL,
	"order_due_working_days" integer NOT NULL,
	"issuing_agency_id" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "supervision"."inspection_campaigns" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"organizer_agency_id" text NOT NULL,
	"team" jsonb NOT NULL,
	"region_codes" text[] NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "supervision"."inspection_findings" (
	"id" uuid PRIMARY KEY NOT NULL,
	"campaign_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"agency_id" text,
	"summary" text NOT NULL,
	"rectification_required" boolean NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	"recorded_by" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "supervision"."number_counters" (
	"kind" text NOT NULL,
	"year" integer NOT NULL,
	"last" integer NOT NULL,
	CONSTRAINT "number_counters_kind_year_pk" PRIMARY KEY("kind","year")
);
--> statement-breakpoint
CREATE TABLE "supervision"."supervision_orders" (
	"id" uuid PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"appeal_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"issuing_agency_id" text NOT NULL,
	"target_agency_id" text NOT NULL,
	"requirements" text NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"status" text NOT NULL,
	"origin" text NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"issued_by" text NOT NULL,
	"answer_content" text,
	"answered_at" timestamp with time zone,
	"answered_by" text,
	"closed_at" timestamp with time zone,
	"closed_by" text,
	"closing_note" text,
	CONSTRAINT "supervision_orders_number_unique" UNIQUE("number")
);
--> statement-breakpoint
ALTER TABLE "supervision"."clue_interventions" ADD CONSTRAINT "clue_interventions_clue_id_clues_id_fk" FOREIGN KEY ("clue_id") REFERENCES "supervision"."clues"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervision"."clue_transitions" ADD CONSTRAINT "clue_transitions_clue_id_clues_id_fk" FOREIGN KEY ("clue_id") REFERENCES "supervision"."clues"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervision"."inspection_findings" ADD CONSTRAINT "inspection_findings_campaign_id_inspection_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "supervision"."inspection_campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cases_newest_idx" ON "supervision"."cases" USING btree ("submitted_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "cases_number_idx" ON "supervision"."cases" USING btree ("number");--> statement-breakpoint
CREATE INDEX "cases_assignee_idx" ON "supervision"."cases" USING btree ("assignee_id","first_assigned_at");--> statement-breakpoint
CREATE INDEX "cases_region_idx" ON "supervision"."cases" USING btree ("region_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "cases_open_due_idx" ON "supervision"."cases" USING btree ("due_at") WHERE closed_at is null;--> statement-breakpoint
CREATE INDEX "clue_interventions_clue_idx" ON "supervision"."clue_interventions" USING btree ("clue_id","held_at");--> statement-breakpoint
CREATE UNIQUE INDEX "clue_transitions_sequence_idx" ON "supervision"."clue_transitions" USING btree ("clue_id","sequence");--> statement-breakpoint
CREATE INDEX "clues_newest_idx" ON "supervision"."clues" USING btree ("submitted_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "clues_status_idx" ON "supervision"."clues" USING btree ("status");--> statement-breakpoint
CREATE INDEX "clues_assignee_idx" ON "supervision"."clues" USING btree ("assignee_id");--> statement-breakpoint
CREATE INDEX "clues_region_idx" ON "supervision"."clues" USING btree ("region_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "inspection_campaigns_newest_idx" ON "supervision"."inspection_campaigns" USING btree ("starts_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "inspection_findings_campaign_idx" ON "supervision"."inspection_findings" USING btree ("campaign_id","recorded_at");--> statement-breakpoint
CREATE INDEX "supervision_orders_newest_idx" ON "supervision"."supervision_orders" USING btree ("issued_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "supervision_orders_appeal_idx" ON "supervision"."supervision_orders" USING btree ("appeal_id");--> statement-breakpoint
CREATE INDEX "supervision_orders_target_idx" ON "supervision"."supervision_orders" USING btree ("target_agency_id");
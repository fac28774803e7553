CREATE SCHEMA "housing";
--> statement-breakpoint
CREATE TABLE "housing"."number_counters" (
	"year" integer PRIMARY KEY NOT NULL,
	"last" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "housing"."work_order_transitions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"work_order_id" uuid NOT NULL,
	"sequence" integer NOT NULL,
	"action" text NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"actor" text NOT NULL,
	"note" text,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "housing"."work_orders" (
	"id" uuid PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"appeal_channel" text NOT NULL,
	"appeal_id" uuid NOT NULL,
	"appeal_number" text NOT NULL,
	"responsible_agency_id" text NOT NULL,
	"executing_agency_id" text,
	"contractor" text,
	"title" text NOT NULL,
	"scope" text,
	"region_code" text NOT NULL,
	"location" text NOT NULL,
	"planned_start" date NOT NULL,
	"planned_end" date NOT NULL,
	"actual_start" date,
	"actual_end" date,
	"status" text NOT NULL,
	"version" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"accepted_at" timestamp with time zone,
	"accepted_by" text,
	CONSTRAINT "work_orders_number_unique" UNIQUE("number")
);
--> statement-breakpoint
ALTER TABLE "housing"."work_order_transitions" ADD CONSTRAINT "work_order_transitions_work_order_id_work_orders_id_fk" FOREIGN KEY ("work_order_id") REFERENCES "housing"."work_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "work_order_transitions_sequence_idx" ON "housing"."work_order_transitions" USING btree ("work_order_id","sequence");--> statement-breakpoint
CREATE INDEX "work_orders_appeal_idx" ON "housing"."work_orders" USING btree ("appeal_id");--> statement-breakpoint
CREATE INDEX "work_orders_newest_idx" ON "housing"."work_orders" USING btree ("created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "work_orders_responsible_idx" ON "housing"."work_orders" USING btree ("responsible_agency_id");--> statement-breakpoint
CREATE INDEX "work_orders_executing_idx" ON "housing"."work_orders" USING btree ("executing_agency_id");--> statement-breakpoint
CREATE INDEX "work_orders_status_idx" ON "housing"."work_orders" USING btree ("status");--> statement-breakpoint
CREATE INDEX "work_orders_region_idx" ON "housing"."work_orders" USING btree ("region_code" text_pattern_ops);
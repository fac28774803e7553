CREATE SCHEMA "events";
--> statement-breakpoint
CREATE TABLE "events"."consumer_positions" (
	"consumer" text PRIMARY KEY NOT NULL,
	"tx_id" bigint NOT NULL,
	"seq" bigint NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "events"."event_log" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"tx_id" bigint DEFAULT (pg_current_xact_id()::text)::bigint NOT NULL,
	"source" text NOT NULL,
	"aggregate_type" text NOT NULL,
	"aggregate_id" text NOT NULL,
	"type" text NOT NULL,
	"payload" jsonb NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "event_log_position_idx" ON "events"."event_log" USING btree ("tx_id","seq");--> statement-breakpoint
CREATE INDEX "event_log_aggregate_idx" ON "events"."event_log" USING btree ("aggregate_type","aggregate_id");
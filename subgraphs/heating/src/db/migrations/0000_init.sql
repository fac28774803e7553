CREATE SCHEMA "heating";
--> statement-breakpoint
CREATE TABLE "heating"."company_standards" (
	"company_id" text PRIMARY KEY NOT NULL,
	"room_min_c" double precision NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "heating"."heating_orders" (
	"id" uuid PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"appeal_channel" text NOT NULL,
	"appeal_id" uuid NOT NULL,
	"appeal_number" text NOT NULL,
	"company_id" text NOT NULL,
	"supervising_agency_id" text NOT NULL,
	"region_code" text NOT NULL,
	"address" text NOT NULL,
	"description" text,
	"status" text NOT NULL,
	"version" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"resolved_at" timestamp with time zone,
	CONSTRAINT "heating_orders_number_unique" UNIQUE("number")
);
--> statement-breakpoint
CREATE TABLE "heating"."measures" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"order_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"description" text NOT NULL,
	"taken_at" timestamp with time zone NOT NULL,
	"recorded_by" text NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "heating"."number_counters" (
	"year" integer PRIMARY KEY NOT NULL,
	"last" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "heating"."order_transitions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"order_id" uuid NOT NULL,
	"sequence" integer NOT NULL,
	"action" text NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"actor" text NOT NULL,
	"note" text,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "heating"."readings" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"order_id" uuid NOT NULL,
	"supply_water_c" double precision,
	"return_water_c" double precision,
	"room_c" double precision,
	"standard_room_c" double precision NOT NULL,
	"taken_at" timestamp with time zone NOT NULL,
	"recorded_by" text NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "heating"."measures" ADD CONSTRAINT "measures_order_id_heating_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "heating"."heating_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "heating"."order_transitions" ADD CONSTRAINT "order_transitions_order_id_heating_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "heating"."heating_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "heating"."readings" ADD CONSTRAINT "readings_order_id_heating_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "heating"."heating_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "heating_orders_appeal_idx" ON "heating"."heating_orders" USING btree ("appeal_id");--> statement-breakpoint
CREATE INDEX "heating_orders_company_idx" ON "heating"."heating_orders" USING btree ("company_id","status");--> statement-breakpoint
CREATE INDEX "heating_orders_supervising_idx" ON "heating"."heating_orders" USING btree ("supervising_agency_id");--> statement-breakpoint
CREATE INDEX "heating_orders_newest_idx" ON "heating"."heating_orders" USING btree ("created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "heating_orders_region_idx" ON "heating"."heating_orders" USING btree ("region_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "measures_order_idx" ON "heating"."measures" USING btree ("order_id","taken_at");--> statement-breakpoint
CREATE UNIQUE INDEX "order_transitions_sequence_idx" ON "heating"."order_transitions" USING btree ("order_id","sequence");--> statement-breakpoint
CREATE INDEX "readings_latest_idx" ON "heating"."readings" USING btree ("order_id","taken_at" DESC NULLS LAST,"id" DESC NULLS LAST);
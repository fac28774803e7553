CREATE SCHEMA "agencies";
--> statement-breakpoint
CREATE TABLE "agencies"."agencies" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"name_en" text NOT NULL,
	"kind" text NOT NULL,
	"region_code" text NOT NULL,
	"parent_id" text
);
--> statement-breakpoint
CREATE TABLE "agencies"."regions" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"name_en" text NOT NULL,
	"level" text NOT NULL,
	"parent_code" text
);
--> statement-breakpoint
ALTER TABLE "agencies"."agencies" ADD CONSTRAINT "agencies_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "agencies"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agencies"."agencies" ADD CONSTRAINT "agencies_parent_id_agencies_id_fk" FOREIGN KEY ("parent_id") REFERENCES "agencies"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agencies"."regions" ADD CONSTRAINT "regions_parent_code_regions_code_fk" FOREIGN KEY ("parent_code") REFERENCES "agencies"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "agencies_region_code_idx" ON "agencies"."agencies" USING btree ("region_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "agencies_parent_id_idx" ON "agencies"."agencies" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "agencies_kind_idx" ON "agencies"."agencies" USING btree ("kind");--> statement-breakpoint
CREATE INDEX "regions_parent_code_idx" ON "agencies"."regions" USING btree ("parent_code");
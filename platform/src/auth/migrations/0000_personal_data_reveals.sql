CREATE SCHEMA "access";
--> statement-breakpoint
CREATE TABLE "access"."personal_data_reveals" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"subject" text NOT NULL,
	"agency_id" text,
	"roles" text[] NOT NULL,
	"subgraph" text NOT NULL,
	"record_type" text NOT NULL,
	"record_id" text NOT NULL,
	"fields" text[] NOT NULL,
	"reason" text NOT NULL
);
--> statement-breakpoint
CREATE INDEX "personal_data_reveals_record_idx" ON "access"."personal_data_reveals" USING btree ("record_type","record_id");--> statement-breakpoint
CREATE INDEX "personal_data_reveals_at_idx" ON "access"."personal_data_reveals" USING btree ("at" DESC NULLS LAST,"id" DESC NULLS LAST);
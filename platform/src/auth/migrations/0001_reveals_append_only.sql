-- The audit trail of personal-data reveals is append-only: the database refuses to change or
-- remove a row, whoever asks (TRUNCATE too), so the trail cannot be edited by the application.
CREATE FUNCTION "access"."refuse_audit_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'access.personal_data_reveals is append-only' USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "personal_data_reveals_append_only" BEFORE UPDATE OR DELETE ON "access"."personal_data_reveals"
  FOR EACH ROW EXECUTE FUNCTION "access"."refuse_audit_change"();
--> statement-breakpoint
CREATE TRIGGER "personal_data_reveals_no_truncate" BEFORE TRUNCATE ON "access"."personal_data_reveals"
  FOR EACH STATEMENT EXECUTE FUNCTION "access"."refuse_audit_change"();

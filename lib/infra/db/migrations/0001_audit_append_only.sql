-- The audit log tells the truth only if nobody can rewrite it: refuse UPDATE and DELETE
-- at the database, whatever code runs above it.
CREATE OR REPLACE FUNCTION bmdesk_audit_is_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'audit log is append-only: % on % refused', TG_OP, TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION bmdesk_audit_is_append_only();
--> statement-breakpoint
CREATE TRIGGER audit_outcomes_append_only BEFORE UPDATE OR DELETE ON audit_outcomes
  FOR EACH ROW EXECUTE FUNCTION bmdesk_audit_is_append_only();
--> statement-breakpoint
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION bmdesk_audit_is_append_only();
--> statement-breakpoint
CREATE TRIGGER audit_outcomes_no_truncate BEFORE TRUNCATE ON audit_outcomes
  FOR EACH STATEMENT EXECUTE FUNCTION bmdesk_audit_is_append_only();

-- The audit log is append-only and hash-chained per partnership.
-- Each row's hash covers the previous row's hash and every field, each written as
-- "<length>:<value>" so that no two different rows can produce the same text.
-- src/platform/audit/chain.ts computes the same text to verify the chain.
CREATE OR REPLACE FUNCTION audit_field(v text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT length(coalesce(v, '')) || ':' || coalesce(v, '')
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION audit_events_chain() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  previous text;
BEGIN
  -- One writer at a time per chain; the lock is held until the transaction ends, so the
  -- sequence number taken below is in the same order as the chain.
  PERFORM pg_advisory_xact_lock(72616002, hashtext(coalesce(NEW.partnership_id::text, '-')));
  NEW.seq := nextval(pg_get_serial_sequence('audit_events', 'seq'));
  NEW.at := date_trunc('milliseconds', coalesce(NEW.at, now()));
  IF NEW.partnership_id IS NULL THEN
    SELECT hash INTO previous FROM audit_events
      WHERE partnership_id IS NULL ORDER BY seq DESC LIMIT 1;
  ELSE
    SELECT hash INTO previous FROM audit_events
      WHERE partnership_id = NEW.partnership_id ORDER BY seq DESC LIMIT 1;
  END IF;
  NEW.prev_hash := coalesce(previous, '');
  NEW.hash := encode(sha256(convert_to(
    audit_field(NEW.prev_hash) || audit_field(NEW.seq::text) ||
    audit_field(NEW.partnership_id::text) ||
    audit_field((extract(epoch FROM NEW.at) * 1000)::bigint::text) ||
    audit_field(NEW.actor_id::text) || audit_field(NEW.actor_role) ||
    audit_field(NEW.actor_organisation_id::text) || audit_field(NEW.action) ||
    audit_field(NEW.record_type) || audit_field(NEW.record_id) ||
    audit_field(NEW.outcome) || audit_field(NEW.request_id),
    'UTF8')), 'hex');
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER audit_events_chain BEFORE INSERT ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_chain();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only' USING ERRCODE = 'insufficient_privilege';
END
$$;
--> statement-breakpoint
CREATE TRIGGER audit_events_no_update BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
--> statement-breakpoint
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
--> statement-breakpoint
REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM PUBLIC;

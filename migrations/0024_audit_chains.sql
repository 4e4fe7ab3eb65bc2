ALTER TABLE "audit_events" ADD COLUMN "chain" smallint DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "audit_events_chain_last_idx" ON "audit_events" USING btree ("partnership_id","chain","seq");--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_chain_ck" CHECK (chain BETWEEN 0 AND 7);
--> statement-breakpoint
-- Eight chains per partnership instead of one (ADR 0002): a transaction's audit rows all go on
-- one chain, picked at random at its first row, so at most eight audited transactions of a
-- partnership hold a chain's lock at once, and their commits share the disk's sync. Rows
-- already written are chain 0, which continues from them. A row's hash is made as before:
-- which chain it is on is checked by its link to the row before it on that chain.
CREATE OR REPLACE FUNCTION audit_events_chain() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  previous text;
  picked text;
BEGIN
  -- The same chain for every row of the transaction (a setting local to it), so that a
  -- transaction waits for one chain's lock at most. At random, not by any counter, so that no
  -- pattern in the app's transactions can leave a chain unused: audit:verify relies on every
  -- chain going on being written to.
  picked := current_setting('doingwith.audit_chain', true);
  IF picked IS NULL OR picked = '' THEN
    picked := floor(random() * 8)::int::text;
    PERFORM set_config('doingwith.audit_chain', picked, true);
  END IF;
  NEW.chain := picked::smallint;
  -- One writer at a time per chain; the lock is held until the transaction ends, so the
  -- sequence number taken below is in the same order as the chain.
  PERFORM pg_advisory_xact_lock(72616002,
    hashtext(coalesce(NEW.partnership_id::text, '-') || '/' || NEW.chain));
  NEW.seq := nextval(pg_get_serial_sequence('audit_events', 'seq'));
  NEW.at := date_trunc('milliseconds', coalesce(NEW.at, now()));
  IF NEW.partnership_id IS NULL THEN
    SELECT hash INTO previous FROM audit_events
      WHERE partnership_id IS NULL AND chain = NEW.chain ORDER BY seq DESC LIMIT 1;
  ELSE
    SELECT hash INTO previous FROM audit_events
      WHERE partnership_id = NEW.partnership_id AND chain = NEW.chain ORDER BY seq DESC LIMIT 1;
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

-- The chain trigger (0001) gives every audit row its sequence number, under the chain's lock.
-- The column's default drew a number of its own first, which the trigger then replaced: seq ran
-- 2, 4, 6... Without the default the trigger is the only caller of nextval. The sequence stays
-- owned by the column, which is how the trigger finds it (pg_get_serial_sequence).
ALTER TABLE audit_events ALTER COLUMN seq DROP DEFAULT;

-- People search ("name or email contains ...") through trigram indexes instead of reading every
-- person of the partnership. pg_trgm is a trusted extension: a database owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS people_name_trgm_idx ON people USING gin (name gin_trgm_ops);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS people_email_trgm_idx ON people USING gin (email gin_trgm_ops);

ALTER TABLE "mail_outbox" ADD COLUMN "claimed_at" timestamp with time zone;--> statement-breakpoint
-- Messages already stuck in 'sending' count as claimed when they were written.
UPDATE "mail_outbox" SET "claimed_at" = "created_at" WHERE "status" = 'sending';

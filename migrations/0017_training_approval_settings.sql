DROP INDEX "training_bookings_active_uq";--> statement-breakpoint
ALTER TABLE "training_settings" ADD COLUMN "offer_hold_hours" integer DEFAULT 48 NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "training_bookings_active_uq" ON "training_bookings" USING btree ("session_id","person_id") WHERE "training_bookings"."status" in ('booked', 'waitlisted', 'offered', 'awaiting_approval');
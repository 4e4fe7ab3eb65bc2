CREATE TABLE "training_booking_approvals" (
	"booking_id" uuid PRIMARY KEY NOT NULL,
	"partnership_id" uuid NOT NULL,
	"decision" text NOT NULL,
	"reason" text,
	"decided_by" uuid NOT NULL,
	"decided_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "training_booking_settings" (
	"partnership_id" uuid PRIMARY KEY NOT NULL,
	"approval_required" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "training_notices_sent" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partnership_id" uuid NOT NULL,
	"booking_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"sent_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "training_session_revisions" (
	"session_id" uuid PRIMARY KEY NOT NULL,
	"partnership_id" uuid NOT NULL,
	"sequence" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "training_booking_approvals" ADD CONSTRAINT "training_booking_approvals_booking_id_training_bookings_id_fk" FOREIGN KEY ("booking_id") REFERENCES "public"."training_bookings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_booking_approvals" ADD CONSTRAINT "training_booking_approvals_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_booking_approvals" ADD CONSTRAINT "training_booking_approvals_decided_by_people_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_booking_settings" ADD CONSTRAINT "training_booking_settings_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_notices_sent" ADD CONSTRAINT "training_notices_sent_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_notices_sent" ADD CONSTRAINT "training_notices_sent_booking_id_training_bookings_id_fk" FOREIGN KEY ("booking_id") REFERENCES "public"."training_bookings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_session_revisions" ADD CONSTRAINT "training_session_revisions_session_id_training_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."training_sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_session_revisions" ADD CONSTRAINT "training_session_revisions_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "training_notices_sent_uq" ON "training_notices_sent" USING btree ("booking_id","kind");
CREATE TABLE "training_action_plans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partnership_id" uuid NOT NULL,
	"booking_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"do_differently" text NOT NULL,
	"with_whom" text NOT NULL,
	"by_when" date NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"follow_up_sent_at" timestamp with time zone,
	"how_it_went" text,
	"answered_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "training_cancellations" (
	"booking_id" uuid PRIMARY KEY NOT NULL,
	"partnership_id" uuid NOT NULL,
	"cancelled_at" timestamp with time zone NOT NULL,
	"working_days_notice" integer NOT NULL,
	"late" boolean NOT NULL
);
--> statement-breakpoint
CREATE TABLE "training_feedback" (
	"partnership_id" uuid NOT NULL,
	"session_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"usefulness" integer NOT NULL,
	"what_worked" text DEFAULT '' NOT NULL,
	"could_be_better" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "training_feedback_session_id_person_id_pk" PRIMARY KEY("session_id","person_id")
);
--> statement-breakpoint
CREATE TABLE "training_settings" (
	"partnership_id" uuid PRIMARY KEY NOT NULL,
	"late_cancellation_working_days" integer DEFAULT 5 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "training_action_plans" ADD CONSTRAINT "training_action_plans_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_action_plans" ADD CONSTRAINT "training_action_plans_booking_id_training_bookings_id_fk" FOREIGN KEY ("booking_id") REFERENCES "public"."training_bookings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_action_plans" ADD CONSTRAINT "training_action_plans_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_cancellations" ADD CONSTRAINT "training_cancellations_booking_id_training_bookings_id_fk" FOREIGN KEY ("booking_id") REFERENCES "public"."training_bookings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_cancellations" ADD CONSTRAINT "training_cancellations_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_feedback" ADD CONSTRAINT "training_feedback_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_feedback" ADD CONSTRAINT "training_feedback_session_id_training_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."training_sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_feedback" ADD CONSTRAINT "training_feedback_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_settings" ADD CONSTRAINT "training_settings_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "training_action_plans_booking_uq" ON "training_action_plans" USING btree ("booking_id");--> statement-breakpoint
CREATE INDEX "training_action_plans_person_idx" ON "training_action_plans" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "training_cancellations_partnership_idx" ON "training_cancellations" USING btree ("partnership_id","cancelled_at");
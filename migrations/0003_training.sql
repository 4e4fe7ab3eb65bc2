CREATE TABLE "training_bookings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partnership_id" uuid NOT NULL,
	"session_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"status" text NOT NULL,
	"offer_expires_at" timestamp with time zone,
	"attendance" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"cancelled_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "training_courses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partnership_id" uuid NOT NULL,
	"title" text NOT NULL,
	"summary" text NOT NULL,
	"learning_outcomes" text[] DEFAULT '{}'::text[] NOT NULL,
	"duration_minutes" integer,
	"delivery" text NOT NULL,
	"joining_link" text,
	"venue" text,
	"audience_layers" text[] DEFAULT '{}'::text[] NOT NULL,
	"audience_roles" text[] DEFAULT '{}'::text[] NOT NULL,
	"audience_note" text,
	"usual_places" integer,
	"frequency" text NOT NULL,
	"kind" text DEFAULT 'standard' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"retired_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "training_prerequisites" (
	"partnership_id" uuid NOT NULL,
	"course_id" uuid NOT NULL,
	"required_course_id" uuid NOT NULL,
	CONSTRAINT "training_prerequisites_course_id_required_course_id_pk" PRIMARY KEY("course_id","required_course_id")
);
--> statement-breakpoint
CREATE TABLE "training_session_trainers" (
	"partnership_id" uuid NOT NULL,
	"session_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	CONSTRAINT "training_session_trainers_session_id_person_id_pk" PRIMARY KEY("session_id","person_id")
);
--> statement-breakpoint
CREATE TABLE "training_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partnership_id" uuid NOT NULL,
	"course_id" uuid NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"places" integer NOT NULL,
	"delivery" text NOT NULL,
	"joining_link" text,
	"venue" text,
	"status" text DEFAULT 'scheduled' NOT NULL,
	"cancelled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "training_bookings" ADD CONSTRAINT "training_bookings_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_bookings" ADD CONSTRAINT "training_bookings_session_id_training_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."training_sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_bookings" ADD CONSTRAINT "training_bookings_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_courses" ADD CONSTRAINT "training_courses_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_prerequisites" ADD CONSTRAINT "training_prerequisites_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_prerequisites" ADD CONSTRAINT "training_prerequisites_course_id_training_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."training_courses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_prerequisites" ADD CONSTRAINT "training_prerequisites_required_course_id_training_courses_id_fk" FOREIGN KEY ("required_course_id") REFERENCES "public"."training_courses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_session_trainers" ADD CONSTRAINT "training_session_trainers_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_session_trainers" ADD CONSTRAINT "training_session_trainers_session_id_training_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."training_sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_session_trainers" ADD CONSTRAINT "training_session_trainers_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_sessions" ADD CONSTRAINT "training_sessions_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_sessions" ADD CONSTRAINT "training_sessions_course_id_training_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."training_courses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "training_bookings_active_uq" ON "training_bookings" USING btree ("session_id","person_id") WHERE "training_bookings"."status" in ('booked', 'waitlisted', 'offered');--> statement-breakpoint
CREATE INDEX "training_bookings_session_idx" ON "training_bookings" USING btree ("session_id","status","created_at");--> statement-breakpoint
CREATE INDEX "training_bookings_person_idx" ON "training_bookings" USING btree ("person_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "training_courses_title_uq" ON "training_courses" USING btree ("partnership_id",lower("title"));--> statement-breakpoint
CREATE INDEX "training_prerequisites_required_idx" ON "training_prerequisites" USING btree ("required_course_id");--> statement-breakpoint
CREATE INDEX "training_session_trainers_person_idx" ON "training_session_trainers" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "training_sessions_course_idx" ON "training_sessions" USING btree ("course_id","starts_at");--> statement-breakpoint
CREATE INDEX "training_sessions_partnership_idx" ON "training_sessions" USING btree ("partnership_id","starts_at");
CREATE TABLE "training_als_attendance" (
	"partnership_id" uuid NOT NULL,
	"session_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"attendance" text NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	CONSTRAINT "training_als_attendance_session_id_person_id_pk" PRIMARY KEY("session_id","person_id")
);
--> statement-breakpoint
CREATE TABLE "training_als_cohorts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partnership_id" uuid NOT NULL,
	"course_id" uuid NOT NULL,
	"name" text NOT NULL,
	"facilitator_id" uuid NOT NULL,
	"places" integer NOT NULL,
	"min_attended" integer NOT NULL,
	"venue" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "training_als_members" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partnership_id" uuid NOT NULL,
	"cohort_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"added_at" timestamp with time zone NOT NULL,
	"removed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "training_als_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partnership_id" uuid NOT NULL,
	"cohort_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "training_als_attendance" ADD CONSTRAINT "training_als_attendance_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_als_attendance" ADD CONSTRAINT "training_als_attendance_session_id_training_als_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."training_als_sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_als_attendance" ADD CONSTRAINT "training_als_attendance_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_als_cohorts" ADD CONSTRAINT "training_als_cohorts_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_als_cohorts" ADD CONSTRAINT "training_als_cohorts_course_id_training_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."training_courses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_als_cohorts" ADD CONSTRAINT "training_als_cohorts_facilitator_id_people_id_fk" FOREIGN KEY ("facilitator_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_als_members" ADD CONSTRAINT "training_als_members_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_als_members" ADD CONSTRAINT "training_als_members_cohort_id_training_als_cohorts_id_fk" FOREIGN KEY ("cohort_id") REFERENCES "public"."training_als_cohorts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_als_members" ADD CONSTRAINT "training_als_members_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_als_sessions" ADD CONSTRAINT "training_als_sessions_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_als_sessions" ADD CONSTRAINT "training_als_sessions_cohort_id_training_als_cohorts_id_fk" FOREIGN KEY ("cohort_id") REFERENCES "public"."training_als_cohorts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "training_als_attendance_person_idx" ON "training_als_attendance" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "training_als_attendance_partnership_idx" ON "training_als_attendance" USING btree ("partnership_id") WHERE "training_als_attendance"."attendance" in ('attended', 'late');--> statement-breakpoint
CREATE INDEX "training_als_cohorts_partnership_idx" ON "training_als_cohorts" USING btree ("partnership_id","created_at");--> statement-breakpoint
CREATE INDEX "training_als_cohorts_facilitator_idx" ON "training_als_cohorts" USING btree ("facilitator_id");--> statement-breakpoint
CREATE UNIQUE INDEX "training_als_members_person_uq" ON "training_als_members" USING btree ("cohort_id","person_id");--> statement-breakpoint
CREATE INDEX "training_als_members_person_idx" ON "training_als_members" USING btree ("person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "training_als_sessions_number_uq" ON "training_als_sessions" USING btree ("cohort_id","number");
CREATE TABLE "fgc_conferences" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partnership_id" uuid NOT NULL,
	"meeting_id" uuid NOT NULL,
	"stage" text DEFAULT 'referral' NOT NULL,
	"referrer_person_id" uuid,
	"referrer_name" text,
	"referrer_organisation" text,
	"referral_reason" text NOT NULL,
	"referred_on" date NOT NULL,
	"referral_recorded_by" uuid,
	"referral_recorded_at" timestamp with time zone NOT NULL,
	"consent" text,
	"consent_on" date,
	"consent_recorded_by" uuid,
	"consent_recorded_at" timestamp with time zone,
	"coordinator_id" uuid,
	"coordinator_assigned_by" uuid,
	"coordinator_assigned_at" timestamp with time zone,
	"preparation_done_by" uuid,
	"preparation_done_at" timestamp with time zone,
	"family_time_started_by" uuid,
	"family_time_started_at" timestamp with time zone,
	"family_time_ended_by" uuid,
	"family_time_ended_at" timestamp with time zone,
	"plan_presented_by" uuid,
	"plan_presented_at" timestamp with time zone,
	"review_of_meeting_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fgc_conferences_one_referrer_ck" CHECK (num_nonnulls("fgc_conferences"."referrer_person_id", "fgc_conferences"."referrer_name") = 1),
	CONSTRAINT "fgc_conferences_stage_ck" CHECK (stage in ('referral', 'coordinator', 'preparation', 'information', 'family_time', 'plan', 'agreement', 'review', 'done')),
	CONSTRAINT "fgc_conferences_consent_ck" CHECK (consent in ('given', 'not_given')),
	CONSTRAINT "fgc_conferences_family_time_ck" CHECK ("fgc_conferences"."family_time_ended_at" is null or "fgc_conferences"."family_time_ended_at" >= "fgc_conferences"."family_time_started_at")
);
--> statement-breakpoint
CREATE TABLE "fgc_decisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partnership_id" uuid NOT NULL,
	"meeting_id" uuid NOT NULL,
	"agreed" boolean NOT NULL,
	"reason" text,
	"next_steps" text,
	"decided_on" date NOT NULL,
	"recorded_by" uuid,
	"recorded_at" timestamp with time zone NOT NULL,
	CONSTRAINT "fgc_decisions_not_agreed_ck" CHECK ("fgc_decisions"."agreed" or ("fgc_decisions"."reason" is not null and "fgc_decisions"."next_steps" is not null))
);
--> statement-breakpoint
CREATE TABLE "fgc_information" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partnership_id" uuid NOT NULL,
	"meeting_id" uuid NOT NULL,
	"participant_id" uuid NOT NULL,
	"what_we_know" text NOT NULL,
	"worries" text NOT NULL,
	"resources" text NOT NULL,
	"bottom_lines" text,
	"recorded_by" uuid,
	"recorded_at" timestamp with time zone NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fgc_reviews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partnership_id" uuid NOT NULL,
	"meeting_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"due_on" date NOT NULL,
	"review_meeting_id" uuid,
	"held_on" date,
	"notes" text,
	"held_recorded_by" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"retired_at" timestamp with time zone,
	"retired_by" uuid,
	CONSTRAINT "fgc_reviews_kind_ck" CHECK (kind in ('fgc', 'meeting'))
);
--> statement-breakpoint
ALTER TABLE "fgc_conferences" ADD CONSTRAINT "fgc_conferences_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fgc_conferences" ADD CONSTRAINT "fgc_conferences_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fgc_conferences" ADD CONSTRAINT "fgc_conferences_referrer_person_id_people_id_fk" FOREIGN KEY ("referrer_person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fgc_conferences" ADD CONSTRAINT "fgc_conferences_referral_recorded_by_people_id_fk" FOREIGN KEY ("referral_recorded_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fgc_conferences" ADD CONSTRAINT "fgc_conferences_consent_recorded_by_people_id_fk" FOREIGN KEY ("consent_recorded_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fgc_conferences" ADD CONSTRAINT "fgc_conferences_coordinator_id_people_id_fk" FOREIGN KEY ("coordinator_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fgc_conferences" ADD CONSTRAINT "fgc_conferences_coordinator_assigned_by_people_id_fk" FOREIGN KEY ("coordinator_assigned_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fgc_conferences" ADD CONSTRAINT "fgc_conferences_preparation_done_by_people_id_fk" FOREIGN KEY ("preparation_done_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fgc_conferences" ADD CONSTRAINT "fgc_conferences_family_time_started_by_people_id_fk" FOREIGN KEY ("family_time_started_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fgc_conferences" ADD CONSTRAINT "fgc_conferences_family_time_ended_by_people_id_fk" FOREIGN KEY ("family_time_ended_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fgc_conferences" ADD CONSTRAINT "fgc_conferences_plan_presented_by_people_id_fk" FOREIGN KEY ("plan_presented_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fgc_conferences" ADD CONSTRAINT "fgc_conferences_review_of_meeting_id_meetings_id_fk" FOREIGN KEY ("review_of_meeting_id") REFERENCES "public"."meetings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fgc_decisions" ADD CONSTRAINT "fgc_decisions_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fgc_decisions" ADD CONSTRAINT "fgc_decisions_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fgc_decisions" ADD CONSTRAINT "fgc_decisions_recorded_by_people_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fgc_information" ADD CONSTRAINT "fgc_information_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fgc_information" ADD CONSTRAINT "fgc_information_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fgc_information" ADD CONSTRAINT "fgc_information_participant_id_meeting_participants_id_fk" FOREIGN KEY ("participant_id") REFERENCES "public"."meeting_participants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fgc_information" ADD CONSTRAINT "fgc_information_recorded_by_people_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fgc_information" ADD CONSTRAINT "fgc_information_updated_by_people_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fgc_reviews" ADD CONSTRAINT "fgc_reviews_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fgc_reviews" ADD CONSTRAINT "fgc_reviews_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fgc_reviews" ADD CONSTRAINT "fgc_reviews_review_meeting_id_meetings_id_fk" FOREIGN KEY ("review_meeting_id") REFERENCES "public"."meetings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fgc_reviews" ADD CONSTRAINT "fgc_reviews_held_recorded_by_people_id_fk" FOREIGN KEY ("held_recorded_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fgc_reviews" ADD CONSTRAINT "fgc_reviews_created_by_people_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fgc_reviews" ADD CONSTRAINT "fgc_reviews_retired_by_people_id_fk" FOREIGN KEY ("retired_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "fgc_conferences_meeting_idx" ON "fgc_conferences" USING btree ("meeting_id");--> statement-breakpoint
CREATE INDEX "fgc_conferences_partnership_stage_idx" ON "fgc_conferences" USING btree ("partnership_id","stage");--> statement-breakpoint
CREATE INDEX "fgc_decisions_meeting_idx" ON "fgc_decisions" USING btree ("meeting_id","recorded_at");--> statement-breakpoint
CREATE UNIQUE INDEX "fgc_information_one_idx" ON "fgc_information" USING btree ("meeting_id","participant_id");--> statement-breakpoint
CREATE INDEX "fgc_reviews_meeting_idx" ON "fgc_reviews" USING btree ("meeting_id","due_on");
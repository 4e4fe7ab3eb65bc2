CREATE TABLE "practice_logs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partnership_id" uuid NOT NULL,
	"practitioner_id" uuid NOT NULL,
	"family_id" uuid,
	"family_member_id" uuid,
	"with_whom" text NOT NULL,
	"kind" text NOT NULL,
	"context" text NOT NULL,
	"context_other" text,
	"note" text,
	"happened_at" timestamp with time zone NOT NULL,
	"meeting_id" uuid,
	"escalated_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"retired_at" timestamp with time zone,
	CONSTRAINT "practice_logs_kind_ck" CHECK (kind in ('statement', 'question', 'conversation')),
	CONSTRAINT "practice_logs_context_ck" CHECK (context in ('home visit', 'school', 'office or centre', 'phone or video call', 'team or supervision', 'other'))
);
--> statement-breakpoint
ALTER TABLE "practice_logs" ADD CONSTRAINT "practice_logs_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "practice_logs" ADD CONSTRAINT "practice_logs_practitioner_id_people_id_fk" FOREIGN KEY ("practitioner_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "practice_logs" ADD CONSTRAINT "practice_logs_family_id_families_id_fk" FOREIGN KEY ("family_id") REFERENCES "public"."families"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "practice_logs" ADD CONSTRAINT "practice_logs_family_member_id_family_members_id_fk" FOREIGN KEY ("family_member_id") REFERENCES "public"."family_members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "practice_logs" ADD CONSTRAINT "practice_logs_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "practice_logs_practitioner_idx" ON "practice_logs" USING btree ("partnership_id","practitioner_id","happened_at");--> statement-breakpoint
CREATE INDEX "practice_logs_family_idx" ON "practice_logs" USING btree ("family_id","happened_at");--> statement-breakpoint
CREATE INDEX "practice_logs_meeting_idx" ON "practice_logs" USING btree ("meeting_id");
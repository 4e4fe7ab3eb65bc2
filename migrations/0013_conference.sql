CREATE TABLE "conference_agreement_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partnership_id" uuid NOT NULL,
	"meeting_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"what" text NOT NULL,
	"owner_kind" text NOT NULL,
	"owner_id" uuid NOT NULL,
	"due_on" date NOT NULL,
	"completed_on" date,
	"completed_note" text,
	"completed_by" uuid,
	"completed_at" timestamp with time zone,
	"closed_reason" text,
	"closed_by" uuid,
	"closed_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "conference_agreement_items_kind_ck" CHECK (kind in ('apology', 'repair', 'action')),
	CONSTRAINT "conference_agreement_items_owner_ck" CHECK (owner_kind in ('family', 'network', 'professional')),
	CONSTRAINT "conference_agreement_items_one_end_ck" CHECK ("conference_agreement_items"."completed_at" is null or "conference_agreement_items"."closed_at" is null),
	CONSTRAINT "conference_agreement_items_closed_reason_ck" CHECK ("conference_agreement_items"."closed_at" is null or "conference_agreement_items"."closed_reason" is not null)
);
--> statement-breakpoint
CREATE TABLE "conference_role_labels" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partnership_id" uuid NOT NULL,
	"role" text NOT NULL,
	"label" text NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "conference_role_labels_role_ck" CHECK (role in ('harmed', 'responsible', 'supporter'))
);
--> statement-breakpoint
CREATE TABLE "training_equivalences" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partnership_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"course_id" uuid NOT NULL,
	"earlier_course" text NOT NULL,
	"provider" text NOT NULL,
	"completed_on" date NOT NULL,
	"notes" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"declined_reason" text,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "conference_agreement_items" ADD CONSTRAINT "conference_agreement_items_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conference_agreement_items" ADD CONSTRAINT "conference_agreement_items_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conference_agreement_items" ADD CONSTRAINT "conference_agreement_items_completed_by_people_id_fk" FOREIGN KEY ("completed_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conference_agreement_items" ADD CONSTRAINT "conference_agreement_items_closed_by_people_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conference_agreement_items" ADD CONSTRAINT "conference_agreement_items_created_by_people_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conference_role_labels" ADD CONSTRAINT "conference_role_labels_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conference_role_labels" ADD CONSTRAINT "conference_role_labels_updated_by_people_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_equivalences" ADD CONSTRAINT "training_equivalences_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_equivalences" ADD CONSTRAINT "training_equivalences_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_equivalences" ADD CONSTRAINT "training_equivalences_course_id_training_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."training_courses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_equivalences" ADD CONSTRAINT "training_equivalences_decided_by_people_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "conference_agreement_items_meeting_idx" ON "conference_agreement_items" USING btree ("meeting_id","due_on");--> statement-breakpoint
CREATE INDEX "conference_agreement_items_open_idx" ON "conference_agreement_items" USING btree ("partnership_id","due_on") WHERE completed_at is null and closed_at is null;--> statement-breakpoint
CREATE UNIQUE INDEX "conference_role_labels_role_idx" ON "conference_role_labels" USING btree ("partnership_id","role");--> statement-breakpoint
CREATE UNIQUE INDEX "training_equivalences_open_uq" ON "training_equivalences" USING btree ("person_id","course_id") WHERE "training_equivalences"."status" in ('pending', 'approved');--> statement-breakpoint
CREATE INDEX "training_equivalences_queue_idx" ON "training_equivalences" USING btree ("partnership_id","status","created_at");
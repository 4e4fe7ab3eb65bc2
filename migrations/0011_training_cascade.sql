CREATE TABLE "trainer_lineage" (
	"trainer_id" uuid PRIMARY KEY NOT NULL,
	"partnership_id" uuid NOT NULL,
	"trained_by_id" uuid,
	"trained_by_provider" text,
	"since" date NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "trainer_lineage_one_source" CHECK (("trainer_lineage"."trained_by_id" is null) <> ("trainer_lineage"."trained_by_provider" is null))
);
--> statement-breakpoint
CREATE TABLE "training_session_providers" (
	"session_id" uuid PRIMARY KEY NOT NULL,
	"partnership_id" uuid NOT NULL,
	"provider" text
);
--> statement-breakpoint
ALTER TABLE "trainer_lineage" ADD CONSTRAINT "trainer_lineage_trainer_id_people_id_fk" FOREIGN KEY ("trainer_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trainer_lineage" ADD CONSTRAINT "trainer_lineage_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trainer_lineage" ADD CONSTRAINT "trainer_lineage_trained_by_id_people_id_fk" FOREIGN KEY ("trained_by_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_session_providers" ADD CONSTRAINT "training_session_providers_session_id_training_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."training_sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_session_providers" ADD CONSTRAINT "training_session_providers_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "trainer_lineage_partnership_idx" ON "trainer_lineage" USING btree ("partnership_id","trained_by_id");
CREATE TABLE "api_token_teams" (
	"partnership_id" uuid NOT NULL,
	"token_id" uuid NOT NULL,
	"team_id" uuid NOT NULL,
	CONSTRAINT "api_token_teams_token_id_team_id_pk" PRIMARY KEY("token_id","team_id")
);
--> statement-breakpoint
CREATE TABLE "training_bespoke_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partnership_id" uuid NOT NULL,
	"team_id" uuid NOT NULL,
	"requested_by" uuid NOT NULL,
	"people_count" integer NOT NULL,
	"needs" text NOT NULL,
	"preferred_dates" date[] NOT NULL,
	"status" text DEFAULT 'requested' NOT NULL,
	"session_id" uuid,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"decline_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "plan_changes" ADD COLUMN "changed_by_token" uuid;--> statement-breakpoint
ALTER TABLE "training_sessions" ADD COLUMN "team_id" uuid;--> statement-breakpoint
ALTER TABLE "api_token_teams" ADD CONSTRAINT "api_token_teams_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_token_teams" ADD CONSTRAINT "api_token_teams_token_id_api_tokens_id_fk" FOREIGN KEY ("token_id") REFERENCES "public"."api_tokens"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_token_teams" ADD CONSTRAINT "api_token_teams_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_bespoke_requests" ADD CONSTRAINT "training_bespoke_requests_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_bespoke_requests" ADD CONSTRAINT "training_bespoke_requests_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_bespoke_requests" ADD CONSTRAINT "training_bespoke_requests_requested_by_people_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_bespoke_requests" ADD CONSTRAINT "training_bespoke_requests_session_id_training_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."training_sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_bespoke_requests" ADD CONSTRAINT "training_bespoke_requests_decided_by_people_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "api_token_teams_team_idx" ON "api_token_teams" USING btree ("team_id");--> statement-breakpoint
CREATE INDEX "training_bespoke_requests_list_idx" ON "training_bespoke_requests" USING btree ("partnership_id","status","created_at");--> statement-breakpoint
CREATE INDEX "training_bespoke_requests_requester_idx" ON "training_bespoke_requests" USING btree ("requested_by","created_at");--> statement-breakpoint
ALTER TABLE "plan_changes" ADD CONSTRAINT "plan_changes_changed_by_token_api_tokens_id_fk" FOREIGN KEY ("changed_by_token") REFERENCES "public"."api_tokens"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_sessions" ADD CONSTRAINT "training_sessions_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;
CREATE TABLE "framework_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partnership_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"parent_id" uuid,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"we_are" text,
	"we_will" text,
	"position" integer NOT NULL,
	"used_at" timestamp with time zone,
	"retired_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "framework_items_kind_ck" CHECK (kind in ('principle', 'value', 'concept', 'part', 'question_set', 'category', 'question'))
);
--> statement-breakpoint
CREATE TABLE "frameworks" (
	"partnership_id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"credit" text DEFAULT '' NOT NULL,
	"template_key" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "framework_items" ADD CONSTRAINT "framework_items_partnership_id_frameworks_partnership_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."frameworks"("partnership_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "framework_items" ADD CONSTRAINT "framework_items_parent_id_framework_items_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."framework_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "frameworks" ADD CONSTRAINT "frameworks_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "framework_items_siblings_idx" ON "framework_items" USING btree ("partnership_id","parent_id","kind","position");
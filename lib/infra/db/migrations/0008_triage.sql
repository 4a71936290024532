CREATE TABLE "canned_replies" (
	"id" serial PRIMARY KEY NOT NULL,
	"shortcut" text NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "member_notifications" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"member_id" integer NOT NULL,
	"kind" text NOT NULL,
	"site_id" integer NOT NULL,
	"thread_id" bigint NOT NULL,
	"note_id" bigint,
	"actor_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"read_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "saved_inbox_views" (
	"id" serial PRIMARY KEY NOT NULL,
	"member_id" integer NOT NULL,
	"site_id" integer,
	"name" text NOT NULL,
	"shared" boolean DEFAULT false NOT NULL,
	"query" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "support_accounts" (
	"id" serial PRIMARY KEY NOT NULL,
	"site_id" integer NOT NULL,
	"bm_user_id" bigint NOT NULL,
	"username" text NOT NULL,
	"name" text NOT NULL,
	"sealed_password" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "triage_conversation_labels" (
	"site_id" integer NOT NULL,
	"thread_id" bigint NOT NULL,
	"label_id" integer NOT NULL,
	CONSTRAINT "triage_conversation_labels_site_id_thread_id_label_id_pk" PRIMARY KEY("site_id","thread_id","label_id")
);
--> statement-breakpoint
CREATE TABLE "triage_conversations" (
	"site_id" integer NOT NULL,
	"thread_id" bigint NOT NULL,
	"source" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"status_changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"status_seen_message_id" bigint,
	"snoozed_until" timestamp with time zone,
	"priority" text DEFAULT 'none' NOT NULL,
	"assignee_id" integer,
	"team" text,
	"waiting_since" timestamp with time zone,
	"first_user_message_at" timestamp with time zone,
	"first_response_at" timestamp with time zone,
	"last_user_message_at" timestamp with time zone,
	"resolved_at" timestamp with time zone,
	"reopened_count" integer DEFAULT 0 NOT NULL,
	"seen_message_id" bigint,
	"seen_message_count" integer,
	"added_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "triage_conversations_site_id_thread_id_pk" PRIMARY KEY("site_id","thread_id")
);
--> statement-breakpoint
CREATE TABLE "triage_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"site_id" integer NOT NULL,
	"thread_id" bigint NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"member_id" integer,
	"member_name" text,
	"kind" text NOT NULL,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "triage_labels" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"colour" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "triage_notes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"site_id" integer NOT NULL,
	"thread_id" bigint NOT NULL,
	"member_id" integer,
	"member_name" text NOT NULL,
	"body" text NOT NULL,
	"mentions" integer[] DEFAULT '{}'::integer[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "triage_settings" (
	"site_id" integer PRIMARY KEY NOT NULL,
	"target_minutes" integer DEFAULT 240 NOT NULL,
	"caught_up_to" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "member_notifications" ADD CONSTRAINT "member_notifications_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_notifications" ADD CONSTRAINT "member_notifications_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_notifications" ADD CONSTRAINT "member_notifications_note_id_triage_notes_id_fk" FOREIGN KEY ("note_id") REFERENCES "public"."triage_notes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "saved_inbox_views" ADD CONSTRAINT "saved_inbox_views_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "saved_inbox_views" ADD CONSTRAINT "saved_inbox_views_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_accounts" ADD CONSTRAINT "support_accounts_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "triage_conversation_labels" ADD CONSTRAINT "triage_conversation_labels_label_id_triage_labels_id_fk" FOREIGN KEY ("label_id") REFERENCES "public"."triage_labels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "triage_conversation_labels" ADD CONSTRAINT "triage_conversation_labels_conversation_fk" FOREIGN KEY ("site_id","thread_id") REFERENCES "public"."triage_conversations"("site_id","thread_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "triage_conversations" ADD CONSTRAINT "triage_conversations_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "triage_conversations" ADD CONSTRAINT "triage_conversations_assignee_id_members_id_fk" FOREIGN KEY ("assignee_id") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "triage_conversations" ADD CONSTRAINT "triage_conversations_added_by_members_id_fk" FOREIGN KEY ("added_by") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "triage_events" ADD CONSTRAINT "triage_events_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "triage_events" ADD CONSTRAINT "triage_events_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "triage_notes" ADD CONSTRAINT "triage_notes_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "triage_notes" ADD CONSTRAINT "triage_notes_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "triage_settings" ADD CONSTRAINT "triage_settings_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "canned_replies_shortcut_key" ON "canned_replies" USING btree (lower("shortcut"));--> statement-breakpoint
CREATE INDEX "member_notifications_member" ON "member_notifications" USING btree ("member_id","read_at","created_at");--> statement-breakpoint
CREATE INDEX "saved_inbox_views_member" ON "saved_inbox_views" USING btree ("member_id");--> statement-breakpoint
CREATE UNIQUE INDEX "support_accounts_site_user_key" ON "support_accounts" USING btree ("site_id","bm_user_id");--> statement-breakpoint
CREATE INDEX "triage_conversation_labels_label" ON "triage_conversation_labels" USING btree ("label_id");--> statement-breakpoint
CREATE INDEX "triage_conversations_site_status_waiting" ON "triage_conversations" USING btree ("site_id","status","waiting_since","thread_id");--> statement-breakpoint
CREATE INDEX "triage_conversations_status_waiting" ON "triage_conversations" USING btree ("status","waiting_since","thread_id");--> statement-breakpoint
CREATE INDEX "triage_conversations_site_status_resolved" ON "triage_conversations" USING btree ("site_id","status","resolved_at" DESC NULLS LAST,"thread_id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "triage_conversations_status_resolved" ON "triage_conversations" USING btree ("status","resolved_at" DESC NULLS LAST,"thread_id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "triage_conversations_assignee" ON "triage_conversations" USING btree ("assignee_id","status","waiting_since","thread_id");--> statement-breakpoint
CREATE INDEX "triage_conversations_snoozed" ON "triage_conversations" USING btree ("snoozed_until") WHERE "triage_conversations"."status" = 'snoozed';--> statement-breakpoint
CREATE INDEX "triage_conversations_unseen" ON "triage_conversations" USING btree ("site_id") WHERE "triage_conversations"."seen_message_id" IS NULL;--> statement-breakpoint
CREATE INDEX "triage_events_thread" ON "triage_events" USING btree ("site_id","thread_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "triage_labels_name_key" ON "triage_labels" USING btree (lower("name"));--> statement-breakpoint
CREATE INDEX "triage_notes_thread" ON "triage_notes" USING btree ("site_id","thread_id","created_at");
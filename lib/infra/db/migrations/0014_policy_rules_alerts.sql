CREATE TABLE "protected_accounts" (
	"site_id" integer NOT NULL,
	"bm_user_id" bigint NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"marked_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "protected_accounts_site_id_bm_user_id_pk" PRIMARY KEY("site_id","bm_user_id")
);
--> statement-breakpoint
CREATE TABLE "standing_applied" (
	"decision_id" integer NOT NULL,
	"thread_id" bigint NOT NULL,
	"what" text NOT NULL,
	"applied_at" timestamp with time zone DEFAULT now() NOT NULL,
	"audit_id" bigint,
	"lifted_at" timestamp with time zone,
	"lift_error" text,
	CONSTRAINT "standing_applied_decision_id_thread_id_what_pk" PRIMARY KEY("decision_id","thread_id","what")
);
--> statement-breakpoint
CREATE TABLE "standing_decisions" (
	"id" serial PRIMARY KEY NOT NULL,
	"site_id" integer NOT NULL,
	"bm_user_id" bigint NOT NULL,
	"user_name" text,
	"kind" text NOT NULL,
	"hold_messages" boolean DEFAULT false NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"starts_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ends_at" timestamp with time zone,
	"created_by" integer,
	"created_by_rule" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"apply_job_id" bigint,
	"ended_at" timestamp with time zone,
	"ended_by" integer,
	"end_reason" text,
	"lifted_at" timestamp with time zone,
	"lift_error" text,
	"last_enforced_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "review_items" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"site_id" integer NOT NULL,
	"message_id" bigint NOT NULL,
	"thread_id" bigint NOT NULL,
	"sender_id" bigint NOT NULL,
	"rule_id" integer,
	"rule_name" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_at" timestamp with time zone,
	"decided_by" integer,
	"decision" text
);
--> statement-breakpoint
CREATE TABLE "rule_matches" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"rule_id" integer NOT NULL,
	"site_id" integer NOT NULL,
	"trigger" text NOT NULL,
	"message_id" bigint NOT NULL,
	"thread_id" bigint NOT NULL,
	"sender_id" bigint NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"dry_run" boolean NOT NULL,
	"skipped" text,
	"outcomes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"because" jsonb DEFAULT '[]'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rules" (
	"id" serial PRIMARY KEY NOT NULL,
	"site_id" integer NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"mode" text DEFAULT 'off' NOT NULL,
	"conditions" jsonb NOT NULL,
	"actions" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"cooldown_seconds" integer DEFAULT 300 NOT NULL,
	"exempt_roles" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"triggers" jsonb DEFAULT '["message"]'::jsonb NOT NULL,
	"switched_by" integer,
	"switched_at" timestamp with time zone,
	"error" text,
	"error_at" timestamp with time zone,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rules_cursor" (
	"site_id" integer PRIMARY KEY NOT NULL,
	"message_id" bigint NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rules_report_marks" (
	"site_id" integer NOT NULL,
	"message_id" bigint NOT NULL,
	"report_count" integer NOT NULL,
	"pending_seen" boolean DEFAULT false NOT NULL,
	CONSTRAINT "rules_report_marks_site_id_message_id_pk" PRIMARY KEY("site_id","message_id")
);
--> statement-breakpoint
CREATE TABLE "alert_deliveries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"alert_id" bigint NOT NULL,
	"channel" text NOT NULL,
	"member_id" integer,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_error" text,
	"sent_at" timestamp with time zone,
	"digest_of" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alerts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"site_id" integer NOT NULL,
	"kind" text NOT NULL,
	"key" text NOT NULL,
	"title" text NOT NULL,
	"body" text DEFAULT '' NOT NULL,
	"link" text,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mail_settings" (
	"id" integer PRIMARY KEY NOT NULL,
	"host" text NOT NULL,
	"port" integer DEFAULT 587 NOT NULL,
	"secure" boolean DEFAULT false NOT NULL,
	"username" text,
	"sealed_password" text,
	"from_address" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "member_alert_prefs" (
	"member_id" integer PRIMARY KEY NOT NULL,
	"in_app" boolean DEFAULT true NOT NULL,
	"email" boolean DEFAULT false NOT NULL,
	"digest_minutes" integer DEFAULT 10 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "site_alert_settings" (
	"site_id" integer PRIMARY KEY NOT NULL,
	"waiting_minutes" integer DEFAULT 60 NOT NULL,
	"spike_factor" real DEFAULT 3 NOT NULL,
	"spike_min_reports" integer DEFAULT 10 NOT NULL,
	"sync_failed_minutes" integer DEFAULT 30 NOT NULL,
	"webhook_url" text,
	"sealed_webhook_secret" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "member_notifications" ALTER COLUMN "thread_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "site_index_messages" ADD COLUMN "has_link" boolean GENERATED ALWAYS AS ("site_index_messages"."text" ~* '(https?://|www\.)[^[:space:]]') STORED NOT NULL;--> statement-breakpoint
ALTER TABLE "site_index_messages" ADD COLUMN "has_email" boolean GENERATED ALWAYS AS ("site_index_messages"."text" ~* '[a-z0-9._%+-]+@[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}') STORED NOT NULL;--> statement-breakpoint
ALTER TABLE "site_index_messages" ADD COLUMN "has_phone" boolean GENERATED ALWAYS AS ("site_index_messages"."text" ~ '\+?[0-9][0-9 ().-]{6,}[0-9]') STORED NOT NULL;--> statement-breakpoint
ALTER TABLE "member_notifications" ADD COLUMN "alert_id" bigint;--> statement-breakpoint
ALTER TABLE "protected_accounts" ADD CONSTRAINT "protected_accounts_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "protected_accounts" ADD CONSTRAINT "protected_accounts_marked_by_members_id_fk" FOREIGN KEY ("marked_by") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "standing_applied" ADD CONSTRAINT "standing_applied_decision_id_standing_decisions_id_fk" FOREIGN KEY ("decision_id") REFERENCES "public"."standing_decisions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "standing_decisions" ADD CONSTRAINT "standing_decisions_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "standing_decisions" ADD CONSTRAINT "standing_decisions_created_by_members_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "standing_decisions" ADD CONSTRAINT "standing_decisions_ended_by_members_id_fk" FOREIGN KEY ("ended_by") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_items" ADD CONSTRAINT "review_items_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_items" ADD CONSTRAINT "review_items_decided_by_members_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rule_matches" ADD CONSTRAINT "rule_matches_rule_id_rules_id_fk" FOREIGN KEY ("rule_id") REFERENCES "public"."rules"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rule_matches" ADD CONSTRAINT "rule_matches_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rules" ADD CONSTRAINT "rules_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rules" ADD CONSTRAINT "rules_switched_by_members_id_fk" FOREIGN KEY ("switched_by") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rules" ADD CONSTRAINT "rules_created_by_members_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rules_cursor" ADD CONSTRAINT "rules_cursor_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rules_report_marks" ADD CONSTRAINT "rules_report_marks_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_deliveries" ADD CONSTRAINT "alert_deliveries_alert_id_alerts_id_fk" FOREIGN KEY ("alert_id") REFERENCES "public"."alerts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_deliveries" ADD CONSTRAINT "alert_deliveries_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_alert_prefs" ADD CONSTRAINT "member_alert_prefs_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "site_alert_settings" ADD CONSTRAINT "site_alert_settings_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "standing_decisions_active" ON "standing_decisions" USING btree ("site_id","bm_user_id") WHERE "standing_decisions"."ended_at" IS NULL;--> statement-breakpoint
CREATE INDEX "standing_decisions_unlifted" ON "standing_decisions" USING btree ("site_id","ends_at") WHERE "standing_decisions"."lifted_at" IS NULL;--> statement-breakpoint
CREATE INDEX "standing_decisions_site" ON "standing_decisions" USING btree ("site_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "review_items_message" ON "review_items" USING btree ("site_id","message_id");--> statement-breakpoint
CREATE INDEX "review_items_open" ON "review_items" USING btree ("site_id","created_at") WHERE "review_items"."decided_at" IS NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "rule_matches_once" ON "rule_matches" USING btree ("rule_id","trigger","message_id");--> statement-breakpoint
CREATE INDEX "rule_matches_rule_at" ON "rule_matches" USING btree ("rule_id","at");--> statement-breakpoint
CREATE INDEX "rule_matches_sender" ON "rule_matches" USING btree ("rule_id","sender_id","at");--> statement-breakpoint
CREATE INDEX "rule_matches_site_at" ON "rule_matches" USING btree ("site_id","at");--> statement-breakpoint
CREATE INDEX "rules_site" ON "rules" USING btree ("site_id","mode");--> statement-breakpoint
CREATE INDEX "rules_report_marks_site" ON "rules_report_marks" USING btree ("site_id");--> statement-breakpoint
CREATE INDEX "alert_deliveries_due" ON "alert_deliveries" USING btree ("next_attempt_at") WHERE "alert_deliveries"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "alert_deliveries_alert" ON "alert_deliveries" USING btree ("alert_id");--> statement-breakpoint
CREATE UNIQUE INDEX "alerts_once" ON "alerts" USING btree ("site_id","kind","key");--> statement-breakpoint
CREATE INDEX "alerts_site_at" ON "alerts" USING btree ("site_id","created_at");--> statement-breakpoint
CREATE INDEX "site_index_messages_link" ON "site_index_messages" USING btree ("site_id","id") WHERE "site_index_messages"."has_link";--> statement-breakpoint
CREATE INDEX "site_index_messages_email" ON "site_index_messages" USING btree ("site_id","id") WHERE "site_index_messages"."has_email";--> statement-breakpoint
CREATE INDEX "site_index_messages_phone" ON "site_index_messages" USING btree ("site_id","id") WHERE "site_index_messages"."has_phone";
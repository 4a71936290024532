CREATE TABLE "appeals" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"site_id" integer NOT NULL,
	"decision_id" bigint NOT NULL,
	"thread_id" bigint NOT NULL,
	"member_user_id" bigint NOT NULL,
	"message_id" bigint,
	"message_text" text,
	"status" text DEFAULT 'open' NOT NULL,
	"opened_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_at" timestamp with time zone,
	"decided_by" integer,
	"decided_by_name" text,
	"reason_id" integer,
	"free_text" text,
	"reversal" jsonb,
	"audit_id" bigint
);
--> statement-breakpoint
CREATE TABLE "content_ok_marks" (
	"site_id" integer NOT NULL,
	"message_id" bigint NOT NULL,
	"marked_by" integer,
	"marked_by_name" text NOT NULL,
	"note" text,
	"auto_dismissed" integer DEFAULT 0 NOT NULL,
	"last_auto_dismissed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "content_ok_marks_site_id_message_id_pk" PRIMARY KEY("site_id","message_id")
);
--> statement-breakpoint
CREATE TABLE "moderation_decisions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"site_id" integer NOT NULL,
	"kind" text NOT NULL,
	"subject_user_id" bigint,
	"subject_name" text,
	"thread_ids" bigint[] DEFAULT '{}'::bigint[] NOT NULL,
	"message_ids" bigint[] DEFAULT '{}'::bigint[] NOT NULL,
	"reason_id" integer,
	"reason_code" text,
	"reason_title" text,
	"free_text" text,
	"ground" text,
	"ground_reference" text,
	"automated" boolean DEFAULT false NOT NULL,
	"rule_id" integer,
	"actor_member_id" integer,
	"actor_name" text NOT NULL,
	"audit_id" bigint,
	"ends_at" timestamp with time zone,
	"strike" boolean DEFAULT false NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"overturned_at" timestamp with time zone,
	"queued_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "moderation_notices" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"site_id" integer NOT NULL,
	"kind" text NOT NULL,
	"decision_id" bigint,
	"appeal_id" bigint,
	"recipient_user_id" bigint NOT NULL,
	"body" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"error" text,
	"thread_id" bigint,
	"message_id" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "moderation_reasons" (
	"id" serial PRIMARY KEY NOT NULL,
	"site_id" integer NOT NULL,
	"code" text NOT NULL,
	"title" text NOT NULL,
	"member_text" text NOT NULL,
	"notify" boolean DEFAULT true NOT NULL,
	"ground" text DEFAULT 'terms' NOT NULL,
	"ground_reference" text,
	"position" integer DEFAULT 0 NOT NULL,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "moderation_settings" (
	"site_id" integer PRIMARY KEY NOT NULL,
	"moderation_account_id" integer,
	"appeal_days" integer DEFAULT 14 NOT NULL,
	"strike_days" integer DEFAULT 90 NOT NULL,
	"ladder" jsonb,
	"reporter_feedback" boolean DEFAULT false NOT NULL,
	"reporter_text_acted" text,
	"reporter_text_kept" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "appeals" ADD CONSTRAINT "appeals_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appeals" ADD CONSTRAINT "appeals_decision_id_moderation_decisions_id_fk" FOREIGN KEY ("decision_id") REFERENCES "public"."moderation_decisions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appeals" ADD CONSTRAINT "appeals_decided_by_members_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appeals" ADD CONSTRAINT "appeals_reason_id_moderation_reasons_id_fk" FOREIGN KEY ("reason_id") REFERENCES "public"."moderation_reasons"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "content_ok_marks" ADD CONSTRAINT "content_ok_marks_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "content_ok_marks" ADD CONSTRAINT "content_ok_marks_marked_by_members_id_fk" FOREIGN KEY ("marked_by") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "moderation_decisions" ADD CONSTRAINT "moderation_decisions_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "moderation_decisions" ADD CONSTRAINT "moderation_decisions_reason_id_moderation_reasons_id_fk" FOREIGN KEY ("reason_id") REFERENCES "public"."moderation_reasons"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "moderation_decisions" ADD CONSTRAINT "moderation_decisions_actor_member_id_members_id_fk" FOREIGN KEY ("actor_member_id") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "moderation_notices" ADD CONSTRAINT "moderation_notices_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "moderation_notices" ADD CONSTRAINT "moderation_notices_decision_id_moderation_decisions_id_fk" FOREIGN KEY ("decision_id") REFERENCES "public"."moderation_decisions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "moderation_reasons" ADD CONSTRAINT "moderation_reasons_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "moderation_settings" ADD CONSTRAINT "moderation_settings_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "moderation_settings" ADD CONSTRAINT "moderation_settings_moderation_account_id_support_accounts_id_fk" FOREIGN KEY ("moderation_account_id") REFERENCES "public"."support_accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "appeals_decision_key" ON "appeals" USING btree ("decision_id");--> statement-breakpoint
CREATE INDEX "appeals_site_status" ON "appeals" USING btree ("site_id","status","opened_at");--> statement-breakpoint
CREATE INDEX "appeals_site_thread" ON "appeals" USING btree ("site_id","thread_id");--> statement-breakpoint
CREATE INDEX "moderation_decisions_site_created" ON "moderation_decisions" USING btree ("site_id","created_at");--> statement-breakpoint
CREATE INDEX "moderation_decisions_site_subject" ON "moderation_decisions" USING btree ("site_id","subject_user_id","created_at");--> statement-breakpoint
CREATE INDEX "moderation_notices_decision" ON "moderation_notices" USING btree ("decision_id");--> statement-breakpoint
CREATE INDEX "moderation_notices_thread" ON "moderation_notices" USING btree ("site_id","thread_id");--> statement-breakpoint
CREATE INDEX "moderation_notices_retry" ON "moderation_notices" USING btree ("status","created_at") WHERE "moderation_notices"."status" in ('pending', 'failed');--> statement-breakpoint
CREATE UNIQUE INDEX "moderation_reasons_site_code_key" ON "moderation_reasons" USING btree ("site_id",lower("code"));
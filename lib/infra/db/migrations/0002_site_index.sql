CREATE TABLE "site_index_attachments" (
	"site_id" integer NOT NULL,
	"id" bigint NOT NULL,
	"message_id" bigint,
	"thread_id" bigint NOT NULL,
	"uploader_id" bigint,
	"name" text,
	"mime" text,
	"ext" text,
	"size" bigint,
	"url" text NOT NULL,
	"thumb" text,
	"date" timestamp with time zone,
	CONSTRAINT "site_index_attachments_site_id_id_pk" PRIMARY KEY("site_id","id")
);
--> statement-breakpoint
CREATE TABLE "site_index_messages" (
	"site_id" integer NOT NULL,
	"id" bigint NOT NULL,
	"thread_id" bigint NOT NULL,
	"sender_id" bigint NOT NULL,
	"receiver_id" bigint,
	"created_at" timestamp with time zone NOT NULL,
	"html" text NOT NULL,
	"text" text NOT NULL,
	"pending" boolean DEFAULT false NOT NULL,
	"reports" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"report_count" integer DEFAULT 0 NOT NULL,
	"ai_flagged" boolean DEFAULT false NOT NULL,
	"attachments" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"attachment_count" integer DEFAULT 0 NOT NULL,
	"tsv" "tsvector" GENERATED ALWAYS AS (to_tsvector('simple', "site_index_messages"."text")) STORED NOT NULL,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "site_index_messages_site_id_id_pk" PRIMARY KEY("site_id","id")
);
--> statement-breakpoint
CREATE TABLE "site_index_threads" (
	"site_id" integer NOT NULL,
	"id" bigint NOT NULL,
	"type" text,
	"subject" text,
	"participants" integer[] DEFAULT '{}'::integer[] NOT NULL,
	"moderators" integer[] DEFAULT '{}'::integer[] NOT NULL,
	"participant_count" integer DEFAULT 0 NOT NULL,
	"first_activity_at" timestamp with time zone,
	"last_activity_at" timestamp with time zone,
	"last_message_id" bigint,
	"message_count" integer DEFAULT 0 NOT NULL,
	"reported_count" integer DEFAULT 0 NOT NULL,
	"pending_count" integer DEFAULT 0 NOT NULL,
	"attachment_count" integer DEFAULT 0 NOT NULL,
	"bans" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"mutes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"ban_count" integer DEFAULT 0 NOT NULL,
	"mute_count" integer DEFAULT 0 NOT NULL,
	"details_synced_at" timestamp with time zone,
	"details_message_id" bigint,
	"details_error" text,
	"gone" boolean DEFAULT false NOT NULL,
	CONSTRAINT "site_index_threads_site_id_id_pk" PRIMARY KEY("site_id","id")
);
--> statement-breakpoint
CREATE TABLE "site_index_users" (
	"site_id" integer NOT NULL,
	"id" bigint NOT NULL,
	"name" text NOT NULL,
	"avatar" text,
	"is_guest" boolean DEFAULT false NOT NULL,
	"message_count" integer DEFAULT 0 NOT NULL,
	"thread_count" integer DEFAULT 0 NOT NULL,
	"reported_count" integer DEFAULT 0 NOT NULL,
	"last_message_at" timestamp with time zone,
	"seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "site_index_users_site_id_id_pk" PRIMARY KEY("site_id","id")
);
--> statement-breakpoint
CREATE TABLE "site_index_sync_state" (
	"site_id" integer PRIMARY KEY NOT NULL,
	"highest_id" bigint,
	"backfill_cursor" bigint,
	"reconcile_cursor" bigint,
	"reconcile_pass_started_at" timestamp with time zone,
	"total_estimate" integer,
	"site_reported" integer,
	"site_pending" integer,
	"status" text DEFAULT 'new' NOT NULL,
	"last_error" text,
	"last_error_kind" text,
	"last_error_at" timestamp with time zone,
	"failures" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone,
	"messages_per_second" real,
	"calls_per_minute" real,
	"avg_answer_ms" real,
	"batch_size" integer DEFAULT 200 NOT NULL,
	"concurrency" integer DEFAULT 2 NOT NULL,
	"interval_seconds" integer DEFAULT 15 NOT NULL,
	"reconcile_days" real DEFAULT 7 NOT NULL,
	"backfill_started_at" timestamp with time zone,
	"backfill_finished_at" timestamp with time zone,
	"last_incremental_at" timestamp with time zone,
	"sync_requested_at" timestamp with time zone,
	"owner" text,
	"heartbeat_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "site_index_attachments" ADD CONSTRAINT "site_index_attachments_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "site_index_messages" ADD CONSTRAINT "site_index_messages_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "site_index_threads" ADD CONSTRAINT "site_index_threads_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "site_index_users" ADD CONSTRAINT "site_index_users_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "site_index_sync_state" ADD CONSTRAINT "site_index_sync_state_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "site_index_attachments_thread" ON "site_index_attachments" USING btree ("site_id","thread_id");--> statement-breakpoint
CREATE INDEX "site_index_attachments_message" ON "site_index_attachments" USING btree ("site_id","message_id");--> statement-breakpoint
CREATE INDEX "site_index_attachments_date" ON "site_index_attachments" USING btree ("site_id","date");--> statement-breakpoint
CREATE INDEX "site_index_messages_thread" ON "site_index_messages" USING btree ("site_id","thread_id","id");--> statement-breakpoint
CREATE INDEX "site_index_messages_sender" ON "site_index_messages" USING btree ("site_id","sender_id","id");--> statement-breakpoint
CREATE INDEX "site_index_messages_created" ON "site_index_messages" USING btree ("site_id","created_at");--> statement-breakpoint
CREATE INDEX "site_index_messages_pending" ON "site_index_messages" USING btree ("site_id","id") WHERE "site_index_messages"."pending";--> statement-breakpoint
CREATE INDEX "site_index_messages_reported" ON "site_index_messages" USING btree ("site_id","id") WHERE "site_index_messages"."report_count" > 0 OR "site_index_messages"."ai_flagged";--> statement-breakpoint
CREATE INDEX "site_index_messages_tsv" ON "site_index_messages" USING gin ("tsv");--> statement-breakpoint
CREATE INDEX "site_index_threads_last_activity" ON "site_index_threads" USING btree ("site_id","last_activity_at");--> statement-breakpoint
CREATE INDEX "site_index_threads_participants" ON "site_index_threads" USING gin ("participants");--> statement-breakpoint
CREATE INDEX "site_index_threads_details" ON "site_index_threads" USING btree ("site_id","details_synced_at");--> statement-breakpoint
CREATE INDEX "site_index_users_name" ON "site_index_users" USING btree ("site_id",lower("name"));
CREATE TABLE "job_items" (
	"job_id" bigint NOT NULL,
	"seq" integer NOT NULL,
	"key" text NOT NULL,
	"label" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"code" text,
	"error" text,
	"locked_by" text,
	"locked_until" timestamp with time zone,
	"finished_at" timestamp with time zone,
	CONSTRAINT "job_items_job_id_seq_pk" PRIMARY KEY("job_id","seq")
);
--> statement-breakpoint
CREATE TABLE "jobs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"site_id" integer NOT NULL,
	"kind" text NOT NULL,
	"label" text NOT NULL,
	"params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"member_id" integer,
	"status" text DEFAULT 'queued' NOT NULL,
	"total" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"cancelled_by" integer
);
--> statement-breakpoint
CREATE TABLE "image_hashes" (
	"site_id" integer NOT NULL,
	"attachment_id" bigint NOT NULL,
	"status" text NOT NULL,
	"hash" text,
	"reason" text,
	"matches_removed_id" integer,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "image_hashes_site_id_attachment_id_pk" PRIMARY KEY("site_id","attachment_id")
);
--> statement-breakpoint
CREATE TABLE "media_exposures" (
	"member_id" integer NOT NULL,
	"day" date NOT NULL,
	"item" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "media_exposures_member_id_day_item_pk" PRIMARY KEY("member_id","day","item")
);
--> statement-breakpoint
CREATE TABLE "removed_images" (
	"id" serial PRIMARY KEY NOT NULL,
	"site_id" integer NOT NULL,
	"attachment_id" bigint,
	"hash" text NOT NULL,
	"name" text,
	"removed_by" integer,
	"removed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "greyscale_media" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "exposure_limit" integer DEFAULT 40 NOT NULL;--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "undo_window_seconds" integer DEFAULT 5 NOT NULL;--> statement-breakpoint
ALTER TABLE "site_index_sync_state" ADD COLUMN "hash_max_bytes" integer DEFAULT 10485760 NOT NULL;--> statement-breakpoint
ALTER TABLE "job_items" ADD CONSTRAINT "job_items_job_id_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."jobs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "image_hashes" ADD CONSTRAINT "image_hashes_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "media_exposures" ADD CONSTRAINT "media_exposures_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "removed_images" ADD CONSTRAINT "removed_images_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "job_items_open" ON "job_items" USING btree ("job_id","seq") WHERE "job_items"."status" in ('pending', 'running');--> statement-breakpoint
CREATE INDEX "jobs_member" ON "jobs" USING btree ("member_id","created_at");--> statement-breakpoint
CREATE INDEX "jobs_open" ON "jobs" USING btree ("status") WHERE "jobs"."status" in ('queued', 'running');--> statement-breakpoint
CREATE INDEX "image_hashes_matches" ON "image_hashes" USING btree ("site_id") WHERE "image_hashes"."matches_removed_id" is not null;--> statement-breakpoint
CREATE INDEX "removed_images_site" ON "removed_images" USING btree ("site_id");
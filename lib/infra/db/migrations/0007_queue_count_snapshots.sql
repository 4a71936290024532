CREATE TABLE "queue_count_snapshots" (
	"site_id" integer NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"open_reports" integer NOT NULL,
	"pending" integer NOT NULL,
	CONSTRAINT "queue_count_snapshots_site_id_hour_pk" PRIMARY KEY("site_id","hour")
);

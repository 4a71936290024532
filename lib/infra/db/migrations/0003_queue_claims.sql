CREATE TABLE "queue_claims" (
	"site_id" integer NOT NULL,
	"kind" text NOT NULL,
	"message_id" integer NOT NULL,
	"fingerprint" text NOT NULL,
	"member_id" integer NOT NULL,
	"member_name" text NOT NULL,
	"decision" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "queue_claims_site_id_kind_message_id_fingerprint_pk" PRIMARY KEY("site_id","kind","message_id","fingerprint")
);

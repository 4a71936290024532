ALTER TABLE "site_index_threads" ADD COLUMN "tsv" "tsvector";--> statement-breakpoint
CREATE INDEX "site_index_threads_tsv" ON "site_index_threads" USING gin ("tsv");--> statement-breakpoint
UPDATE "site_index_threads" t SET "tsv" = (
  SELECT array_to_tsvector(array_agg(DISTINCT w.lexeme))
  FROM "site_index_messages" m, unnest(m."tsv") w
  WHERE m."site_id" = t."site_id" AND m."thread_id" = t."id"
);

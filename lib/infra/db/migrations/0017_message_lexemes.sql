CREATE TABLE "site_index_lexemes" (
	"site_id" integer NOT NULL,
	"lexeme" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "site_index_lexemes" ADD CONSTRAINT "site_index_lexemes_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "site_index_lexemes_prefix" ON "site_index_lexemes" USING btree ("site_id","lexeme" text_pattern_ops);--> statement-breakpoint
-- Every word a message brings is in site_index_lexemes, whoever writes the message (the sync, a
-- test): the messages desk expands a typed prefix to exact words from here. Words are added in
-- order, so two writers of the same site wait for each other rather than deadlock.
CREATE FUNCTION bmdesk_index_lexemes_of_new_rows() RETURNS trigger AS $$
BEGIN
  INSERT INTO site_index_lexemes (site_id, lexeme)
    SELECT DISTINCT n.site_id, w.lexeme FROM new_rows n, unnest(tsvector_to_array(n.tsv)) AS w(lexeme)
    ORDER BY 1, 2
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE FUNCTION bmdesk_index_lexemes_of_edited_row() RETURNS trigger AS $$
BEGIN
  INSERT INTO site_index_lexemes (site_id, lexeme)
    SELECT NEW.site_id, w.lexeme FROM unnest(tsvector_to_array(NEW.tsv)) AS w(lexeme)
    ORDER BY 2
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER site_index_messages_lexemes_insert AFTER INSERT ON site_index_messages
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION bmdesk_index_lexemes_of_new_rows();
--> statement-breakpoint
-- An upsert sets the text again on every sync; only a changed text brings new words.
CREATE TRIGGER site_index_messages_lexemes_update AFTER UPDATE OF text ON site_index_messages
  FOR EACH ROW WHEN (OLD.tsv IS DISTINCT FROM NEW.tsv)
  EXECUTE FUNCTION bmdesk_index_lexemes_of_edited_row();
--> statement-breakpoint
INSERT INTO site_index_lexemes (site_id, lexeme)
  SELECT DISTINCT m.site_id, w.lexeme FROM site_index_messages m, unnest(tsvector_to_array(m.tsv)) AS w(lexeme)
  ON CONFLICT DO NOTHING;

import type { Db } from './db';

/** What every route and model function needs: the database and the site's public URL. */
export interface Ctx {
  db: Db;
  url: string;
}

/** Data source for the TypeORM CLI (`npm run migration:*`); the app builds its own from the same options. */
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options';

const url = process.env.DATABASE_URL;
if (!url) {
  throw new Error(
    'DATABASE_URL is not set. The embedded PostgreSQL only runs while `npm start` does: start it, then use DATABASE_URL=postgres://postgres:$(cat .data/pg-password)@127.0.0.1:54329/meridian (DATA_DIR and EMBEDDED_PG_PORT as set for npm start)',
  );
}

export default new DataSource(dataSourceOptions(url));

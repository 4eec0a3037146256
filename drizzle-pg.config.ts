import { defineConfig } from 'drizzle-kit';

// `npm run db:generate:pg` writes a new SQL migration for the office server (PostgreSQL) into db/migrations-pg
// from db/schema-pg.ts, the PostgreSQL twin of db/schema.ts: a schema change is generated for both.
export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema-pg.ts',
  out: process.env.DRIZZLE_OUT ?? './db/migrations-pg',
});

// The browser tests' server: a fresh database on the e2e PostgreSQL server, then `npm start`.
import pg from "pg";
import { e2eDatabaseUrl, e2eServerUrl } from "../e2e/fixtures/database-url.ts";

const databaseUrl = e2eDatabaseUrl();
const name = new URL(databaseUrl).pathname.slice(1);
const admin = new pg.Client({ connectionString: e2eServerUrl() });
await admin.connect();
await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
await admin.query(`CREATE DATABASE "${name}"`);
await admin.end();

process.env.DATABASE_URL = databaseUrl;
await import("./start.ts");

import type { AppServer } from "./app-server.ts";

/** What every part gets from bench/run.ts. */
export type BenchContext = {
  /** CI's small run: 10,000 tickets, 5 s load phases. */
  quick: boolean;
  app: AppServer;
  /** The benchmark's own database, which the app runs on. */
  databaseUrl: string;
  admin: { email: string; password: string };
  /** Where the app stores uploaded screenshots (local-disk backend). */
  uploadDir: string;
  /** Scratch space for generated files, removed after the run. */
  workDir: string;
  log(message: string): void;
};

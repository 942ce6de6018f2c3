import { applicationSecret } from "@/lib/server/config/secrets.ts";
import type { Settings } from "@/lib/server/config/settings.ts";

/**
 * What the server process and the build need in their environment beyond what was given: the
 * port, the public URL and the session secret (next-auth reads NEXTAUTH_URL and NEXTAUTH_SECRET
 * itself) as the settings resolved them, and production mode unless serving for development.
 */
export function runtimeEnvironment(config: Settings, mode: "production" | "development" = "production"): NodeJS.ProcessEnv {
  return {
    PORT: String(config.PORT),
    NODE_ENV: mode,
    NEXT_TELEMETRY_DISABLED: "1",
    APP_BASE_URL: config.APP_BASE_URL,
    NEXTAUTH_URL: config.NEXTAUTH_URL,
    NEXTAUTH_SECRET: applicationSecret(config),
  };
}

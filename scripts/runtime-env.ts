import { applicationSecret } from "@/lib/server/config/secrets.ts";

/**
 * Fills in what a zero-configuration start needs: the port, the public URL and the session
 * secret. Explicit settings always win.
 */
export function runtimeEnvironment(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const port = env.PORT || "3000";
  const baseUrl = (env.APP_BASE_URL || env.NEXTAUTH_URL || `http://localhost:${port}`).replace(/\/+$/, "");
  return {
    ...env,
    PORT: port,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    APP_BASE_URL: baseUrl,
    NEXTAUTH_URL: env.NEXTAUTH_URL || baseUrl,
    NEXTAUTH_SECRET: applicationSecret(env),
  };
}

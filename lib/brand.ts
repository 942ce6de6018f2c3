import type { Environment } from "@/lib/server/config/environment.ts";

/** The operator's brand shown to end users; never a hard-coded third-party name. */
export function brandName(env: Environment = process.env): string {
  return env.SUPPORT_BRAND_NAME?.trim() || "Example Exchange";
}

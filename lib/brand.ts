/** The operator's brand shown to end users; never a hard-coded third-party name. */
export function brandName(env: NodeJS.ProcessEnv = process.env): string {
  return env.SUPPORT_BRAND_NAME?.trim() || "Example Exchange";
}

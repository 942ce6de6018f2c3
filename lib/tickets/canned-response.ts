/**
 * Canned responses are templates with {{placeholders}} filled in from the ticket being answered.
 * The same list drives the admin form's check for typos and the reply box's rendering.
 */
export const CANNED_RESPONSE_PLACEHOLDERS = ["reference", "customerEmail", "agentName", "brandName"] as const;
export type CannedResponsePlaceholder = (typeof CANNED_RESPONSE_PLACEHOLDERS)[number];
export type CannedResponseValues = Partial<Record<CannedResponsePlaceholder, string>>;

const PLACEHOLDER_PATTERN = /\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}/g;

/** Names of the placeholders used in `template`, in order of first use. */
export function placeholdersIn(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER_PATTERN)].map((match) => match[1]!))];
}

export function unknownPlaceholders(template: string): string[] {
  return placeholdersIn(template).filter((name) => !(CANNED_RESPONSE_PLACEHOLDERS as readonly string[]).includes(name));
}

/**
 * Fills `{{name}}` (spaces inside the braces allowed) with `values`. A placeholder without a value
 * is left as written, so the agent sees what still needs filling in before sending.
 */
export function renderCannedResponse(template: string, values: CannedResponseValues): string {
  return template.replace(PLACEHOLDER_PATTERN, (match, name: string) => {
    const value = (values as Record<string, string | undefined>)[name];
    return Object.hasOwn(values, name) && typeof value === "string" ? value : match;
  });
}

import type { core } from "zod/mini";

/**
 * A validation problem as clients see it: a dotted path ("details.phoneNumber", "" for the
 * whole body) and a message key into messages/<lang>/validation.json.
 */
export type FieldIssue = { path: string; message: string };

// Our schemas only ever set message keys; anything else is zod's own English text.
const MESSAGE_KEY = /^[a-z][a-z_]*$/;

/** Flattens a ZodError into one issue per field; unknown fields are named one by one. */
export function fieldIssues(error: core.$ZodError): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const seen = new Set<string>();
  const add = (path: PropertyKey[], message: string) => {
    const dotted = path.map(String).join(".");
    if (seen.has(dotted)) return;
    seen.add(dotted);
    issues.push({ path: dotted, message });
  };
  for (const issue of error.issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) add([...issue.path, key], "unknown_field");
    } else {
      add(issue.path, MESSAGE_KEY.test(issue.message) ? issue.message : "invalid");
    }
  }
  return issues;
}

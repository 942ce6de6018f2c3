import type { FieldValues, Path, UseFormSetError } from "react-hook-form";
import type { ActionResult } from "@/lib/server/actions/run-action.ts";

/**
 * Puts a failed action's field errors on the form's fields (their messages are keys under the
 * "validation" namespace of admin.json) and returns the message for the form's alert.
 */
export function applyActionErrors<Values extends FieldValues>(
  result: Extract<ActionResult<unknown>, { ok: false }>,
  setError: UseFormSetError<Values>,
): string {
  for (const [field, message] of Object.entries(result.fieldErrors ?? {})) {
    setError(field as Path<Values>, { type: "server", message });
  }
  return result.message;
}

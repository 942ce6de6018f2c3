import type { FieldValues, Path, UseFormSetError } from "react-hook-form";
import type { ActionFailure } from "@/lib/actions/action-result.ts";

/**
 * Puts a failed action's field errors (translated by the server) on the form's fields and returns
 * the message for the form's alert.
 */
export function applyActionErrors<Values extends FieldValues>(
  result: ActionFailure,
  setError: UseFormSetError<Values>,
): string {
  for (const [field, message] of Object.entries(result.fieldErrors ?? {})) {
    setError(field as Path<Values>, { type: "server", message });
  }
  return result.message;
}

import "server-only";
import { SOLVED, STILL_STUCK, type Localized, type StepAnswer } from "@/lib/self-help/types.ts";

/**
 * The two answers almost every step offers, worded once so the flows read the same everywhere.
 * A step that needs a more specific wording passes its own label.
 */

const SOLVED_LABEL: Localized = { ja: "これで解決しました", en: "This solved it" };
const STILL_STUCK_LABEL: Localized = { ja: "まだ解決しません", en: "Still stuck" };

export function solvedAnswer(label: Localized = SOLVED_LABEL): StepAnswer {
  return { value: SOLVED, label };
}

export function stillStuckAnswer(
  next: string,
  options: { label?: Localized; prefill?: StepAnswer["prefill"] } = {},
): StepAnswer {
  return {
    value: STILL_STUCK,
    label: options.label ?? STILL_STUCK_LABEL,
    next,
    ...(options.prefill ? { prefill: options.prefill } : {}),
  };
}

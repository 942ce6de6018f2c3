"use client";

import { useRouter } from "next/navigation";
import { useEffect, useLayoutEffect, useRef, useState } from "react";
import { arrivedByNavigation } from "@/components/navigation-marker.tsx";
import { actionOutcome } from "@/lib/actions/action-result.ts";
import type { TicketCategoryCode } from "@/lib/validation/ticket-choices.ts";
import { openSuggestionAction, visitSelfHelpStepAction } from "../../../actions.ts";

type StepArrivalProps = {
  category: TicketCategoryCode;
  stepKey: string;
  headingId: string;
  announcement: string;
  /** opened from a suggestion (?from=suggestion): recorded as such, once */
  fromSuggestion: boolean;
};

/**
 * What happens when a step appears. The recorded path follows the step on screen: after Back or
 * Forward the browser shows a page it kept, so the page tells the server itself (and shows the
 * server's view again when that changed the path). On a step reached by navigation, focus moves
 * to its heading and a live region announces it, so screen-reader users know the step changed.
 */
export function StepArrival({ category, stepKey, headingId, announcement, fromSuggestion }: StepArrivalProps) {
  const router = useRouter();
  const navigated = useRef(false);
  const [spoken, setSpoken] = useState("");

  useLayoutEffect(() => {
    navigated.current = arrivedByNavigation();
  }, []);

  useEffect(() => {
    if (navigated.current) {
      document.getElementById(headingId)?.focus();
      setSpoken(announcement);
    }
  }, [headingId, announcement]);

  useEffect(() => {
    let cancelled = false;
    if (fromSuggestion) {
      // A refresh or a shared copy of this address must not count the suggestion again.
      window.history.replaceState(window.history.state, "", window.location.pathname);
    }
    const arrived = fromSuggestion ? openSuggestionAction({ category, stepKey }) : visitSelfHelpStepAction({ category, stepKey });
    arrived.then(
      (result) => {
        const outcome = actionOutcome<{ changed?: boolean; opened?: boolean }>(result);
        if (!cancelled && outcome.ok && (outcome.data?.changed || outcome.data?.opened)) router.refresh();
      },
      // Only the step number and "previous step" would be stale; the next answer puts the path right.
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [category, stepKey, fromSuggestion, router]);

  return (
    <p className="visually-hidden" role="status">
      {spoken}
    </p>
  );
}

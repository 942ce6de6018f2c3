"use client";

import { useTranslations } from "next-intl";
import { useEffect, useId, useState } from "react";
import type { TicketCategoryCode } from "@/lib/validation/ticket-choices.ts";

export type SuggestionLink = { category: TicketCategoryCode; stepKey: string; title: string; snippet: string; href: string };

// Waits for a pause in typing; IME composition (Japanese) fires input events per keystroke.
const TYPING_PAUSE_MS = 250;
const MIN_LENGTH = 2;

/** Self-help steps matching `text` as the customer types it, from the server (see the route). */
export function useSuggestions(text: string, category?: TicketCategoryCode): SuggestionLink[] {
  const [suggestions, setSuggestions] = useState<SuggestionLink[]>([]);
  const query = text.trim().slice(-500);
  const tooShort = query.length < MIN_LENGTH;
  useEffect(() => {
    if (tooShort) return;
    const controller = new AbortController();
    const timer = setTimeout(async () => {
      const params = new URLSearchParams({ q: query, ...(category ? { category } : {}) });
      try {
        const response = await fetch(`/api/self-help/suggestions?${params}`, { signal: controller.signal });
        if (response.ok) setSuggestions(((await response.json()) as { suggestions: SuggestionLink[] }).suggestions);
      } catch {
        // Typing on (aborted) or offline: the suggestions stay as they were.
      }
    }, TYPING_PAUSE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [query, tooShort, category]);
  // Until the next answer arrives, the last ones stay (they rarely change with one more letter).
  return tooShort ? [] : suggestions;
}

/** The suggestions as links to their steps, in a polite live region so a screen reader hears them arrive. */
export function SuggestionList({ suggestions, heading }: { suggestions: SuggestionLink[]; heading: string }) {
  const headingId = useId();
  return (
    <div className="suggestions" aria-live="polite">
      {suggestions.length ? (
        <section aria-labelledby={headingId}>
          <h2 id={headingId} className="suggestions-heading">
            {heading}
          </h2>
          <ul>
            {suggestions.map((suggestion) => (
              <li key={suggestion.stepKey}>
                <a href={suggestion.href}>
                  <span className="suggestion-title">{suggestion.title}</span>
                  <span className="suggestion-snippet">{suggestion.snippet}</span>
                </a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}

/** The start page's search box; without JavaScript it submits to the search page. */
export function SuggestionSearch() {
  const t = useTranslations("selfHelp.suggestions");
  const id = useId();
  const [text, setText] = useState("");
  const suggestions = useSuggestions(text);
  return (
    <form action="/help/search" method="get" role="search" className="suggestion-search">
      <label htmlFor={`${id}-q`}>{t("searchLabel")}</label>
      <p className="field-hint" id={`${id}-hint`}>
        {t("searchHint")}
      </p>
      <div className="suggestion-search-row">
        <input id={`${id}-q`} name="q" type="search" aria-describedby={`${id}-hint`} value={text} onChange={(event) => setText(event.target.value)} maxLength={500} />
        <button type="submit" className="button">
          {t("searchButton")}
        </button>
      </div>
      <SuggestionList suggestions={suggestions} heading={t("heading")} />
    </form>
  );
}

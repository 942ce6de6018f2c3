import "server-only";
import { cookies } from "next/headers";
import { settings } from "@/lib/server/config/settings.ts";
import type { TicketCategoryCode } from "@/lib/validation/ticket-choices.ts";

// A self-help session is worth keeping for a day; after that the visitor starts afresh.
const SESSION_COOKIE_MAX_AGE_SECONDS = 24 * 60 * 60;

function cookieName(category: TicketCategoryCode): string {
  return `sg_help_${category.toLowerCase()}`;
}

/**
 * The self-help session id lives in an HttpOnly cookie per category: scripts cannot read it and
 * it never appears in a URL, so only the browser that started a session can write to it.
 */
export async function selfHelpSessionIdFromCookie(category: TicketCategoryCode): Promise<string | null> {
  return (await cookies()).get(cookieName(category))?.value ?? null;
}

/** Only in a server action or route handler. */
export async function rememberSelfHelpSession(category: TicketCategoryCode, sessionId: string): Promise<void> {
  (await cookies()).set(cookieName(category), sessionId, {
    httpOnly: true,
    sameSite: "lax",
    secure: settings().APP_BASE_URL.startsWith("https:"),
    path: "/",
    maxAge: SESSION_COOKIE_MAX_AGE_SECONDS,
  });
}

/** Only in a server action or route handler. */
export async function forgetSelfHelpSession(category: TicketCategoryCode): Promise<void> {
  // Same path as when set, or the browser would keep the original.
  (await cookies()).set(cookieName(category), "", { httpOnly: true, sameSite: "lax", path: "/", maxAge: 0 });
}

const SUGGESTIONS_COOKIE = "sg_help_suggested";
// The suggestions a browser opened in a day; more say nothing more.
const MAX_SUGGESTION_SESSIONS = 10;

/** The sessions of suggestions this browser opened (to mark them when it files a ticket after all). */
export async function suggestionSessionIdsFromCookie(): Promise<string[]> {
  return ((await cookies()).get(SUGGESTIONS_COOKIE)?.value ?? "").split(",").filter(Boolean);
}

/** Only in a server action or route handler. */
export async function rememberSuggestionSession(sessionId: string): Promise<void> {
  const ids = [...(await suggestionSessionIdsFromCookie()), sessionId].slice(-MAX_SUGGESTION_SESSIONS);
  (await cookies()).set(SUGGESTIONS_COOKIE, ids.join(","), {
    httpOnly: true,
    sameSite: "lax",
    secure: settings().APP_BASE_URL.startsWith("https:"),
    path: "/",
    maxAge: SESSION_COOKIE_MAX_AGE_SECONDS,
  });
}

/** Only in a server action or route handler. */
export async function forgetSuggestionSessions(): Promise<void> {
  (await cookies()).set(SUGGESTIONS_COOKIE, "", { httpOnly: true, sameSite: "lax", path: "/", maxAge: 0 });
}

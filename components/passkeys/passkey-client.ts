"use client";

import { browserSupportsWebAuthn, startAuthentication, startRegistration } from "@simplewebauthn/browser";

/**
 * The browser side of passkeys (@simplewebauthn/browser): the server's options in, the
 * authenticator's response out, or a reason the user can act on.
 */
export type PasskeyOutcome<T> = { ok: true; response: T } | { ok: false; reason: "unsupported" | "cancelled" | "failed" };

function reasonOf(error: unknown): "cancelled" | "failed" {
  const name = (error as { name?: string } | null)?.name;
  return name === "NotAllowedError" || name === "AbortError" ? "cancelled" : "failed";
}

export async function createPasskey(optionsJSON: unknown): Promise<PasskeyOutcome<Record<string, unknown>>> {
  if (!browserSupportsWebAuthn()) return { ok: false, reason: "unsupported" };
  try {
    const response = await startRegistration({ optionsJSON: optionsJSON as Parameters<typeof startRegistration>[0]["optionsJSON"] });
    return { ok: true, response: response as unknown as Record<string, unknown> };
  } catch (error) {
    return { ok: false, reason: reasonOf(error) };
  }
}

export async function getPasskey(optionsJSON: unknown): Promise<PasskeyOutcome<Record<string, unknown>>> {
  if (!browserSupportsWebAuthn()) return { ok: false, reason: "unsupported" };
  try {
    const response = await startAuthentication({ optionsJSON: optionsJSON as Parameters<typeof startAuthentication>[0]["optionsJSON"] });
    return { ok: true, response: response as unknown as Record<string, unknown> };
  } catch (error) {
    return { ok: false, reason: reasonOf(error) };
  }
}

export const PASSKEY_ERROR_KEYS = { unsupported: "errors.passkeyUnsupported", cancelled: "errors.passkeyCancelled", failed: "errors.passkeyFailed" } as const;

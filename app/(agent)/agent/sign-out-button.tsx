"use client";

import { signOut } from "next-auth/react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { SIGN_IN_PATH } from "@/lib/auth/routes.ts";

export function SignOutButton() {
  const t = useTranslations("auth");
  const [pending, setPending] = useState(false);
  return (
    <button
      type="button"
      className="button button-secondary button-small"
      disabled={pending}
      onClick={async () => {
        setPending(true);
        // next-auth clears the session cookie (a CSRF-protected POST), then we leave the dashboard.
        await signOut({ redirect: false });
        window.location.assign(SIGN_IN_PATH);
      }}
    >
      {pending ? t("signingOut") : t("signOut")}
    </button>
  );
}

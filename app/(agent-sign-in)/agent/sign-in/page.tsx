import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { redirect } from "next/navigation";
import { safeCallbackPath, secondFactorPathFor } from "@/lib/auth/routes.ts";
import { currentSession } from "@/lib/server/auth/session.ts";
import { settings } from "@/lib/server/config/settings.ts";
import { SignInForm } from "./sign-in-form.tsx";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("auth"))("signInTitle") };
}

type Props = { searchParams: Promise<{ callbackUrl?: string | string[]; error?: string | string[] }> };

export default async function SignInPage({ searchParams }: Props) {
  const { callbackUrl, error } = await searchParams;
  const callbackPath = safeCallbackPath(Array.isArray(callbackUrl) ? callbackUrl[0] : callbackUrl);
  const session = await currentSession();
  if (session?.status === "active") redirect(callbackPath);
  if (session?.status === "second-factor") redirect(secondFactorPathFor(session.pending.mustEnrol, callbackPath));
  const config = settings();
  const t = await getTranslations("auth");
  return (
    <div className="agent-narrow">
      <h1>{t("signInTitle")}</h1>
      <p className="lead">{config.SSO_ONLY ? t("ssoIntro") : t("signInIntro")}</p>
      <SignInForm
        callbackPath={callbackPath}
        sso={config.OIDC ? { name: config.OIDC.name } : null}
        passwordAllowed={!config.SSO_ONLY}
        initialError={typeof error === "string" ? error : null}
      />
      <p className="field-hint">{t("forgot")}</p>
    </div>
  );
}

import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { redirect } from "next/navigation";
import { safeCallbackPath } from "@/lib/auth/routes.ts";
import { currentAgent } from "@/lib/server/auth/session.ts";
import { SignInForm } from "./sign-in-form.tsx";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("auth"))("signInTitle") };
}

type Props = { searchParams: Promise<{ callbackUrl?: string | string[] }> };

export default async function SignInPage({ searchParams }: Props) {
  const { callbackUrl } = await searchParams;
  const callbackPath = safeCallbackPath(Array.isArray(callbackUrl) ? callbackUrl[0] : callbackUrl);
  if (await currentAgent()) redirect(callbackPath);
  const t = await getTranslations("auth");
  return (
    <div className="agent-narrow">
      <h1>{t("signInTitle")}</h1>
      <p className="lead">{t("signInIntro")}</p>
      <SignInForm callbackPath={callbackPath} />
    </div>
  );
}

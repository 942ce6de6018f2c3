import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { redirect } from "next/navigation";
import { ENROL_PATH, safeCallbackPath, signInPathFor } from "@/lib/auth/routes.ts";
import { currentSession } from "@/lib/server/auth/session.ts";
import { VerifyForm } from "./verify-form.tsx";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("account"))("verify.title") };
}

type Props = { searchParams: Promise<{ callbackUrl?: string | string[] }> };

/** The second step of a sign-in that needs a second factor (README "Agent sign-in"). */
export default async function VerifyPage({ searchParams }: Props) {
  const { callbackUrl } = await searchParams;
  const callbackPath = safeCallbackPath(Array.isArray(callbackUrl) ? callbackUrl[0] : callbackUrl);
  const session = await currentSession();
  if (!session) redirect(signInPathFor(callbackPath));
  if (session.status === "active") redirect(callbackPath);
  if (session.pending.mustEnrol) redirect(`${ENROL_PATH}?${new URLSearchParams({ callbackUrl: callbackPath })}`);
  const t = await getTranslations("account");
  return (
    <div className="agent-narrow">
      <h1>{t("verify.title")}</h1>
      <VerifyForm callbackPath={callbackPath} />
    </div>
  );
}

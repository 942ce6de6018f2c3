import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { redirect } from "next/navigation";
import { safeCallbackPath, signInPathFor, VERIFY_PATH } from "@/lib/auth/routes.ts";
import { currentSession } from "@/lib/server/auth/session.ts";
import { EnrolFirstFactor } from "./enrol-first-factor.tsx";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("account"))("enrol.title") };
}

type Props = { searchParams: Promise<{ callbackUrl?: string | string[] }> };

/**
 * A sign-in whose account must use a second factor but has none yet: it enrols one here before
 * reaching any ticket (README "Agent sign-in"). The first admin of the embedded demo lands here at
 * their first sign-in.
 */
export default async function EnrolPage({ searchParams }: Props) {
  const { callbackUrl } = await searchParams;
  const callbackPath = safeCallbackPath(Array.isArray(callbackUrl) ? callbackUrl[0] : callbackUrl);
  const session = await currentSession();
  if (!session) redirect(signInPathFor(callbackPath));
  if (session.status === "active") redirect(callbackPath);
  if (!session.pending.mustEnrol) redirect(`${VERIFY_PATH}?${new URLSearchParams({ callbackUrl: callbackPath })}`);
  const t = await getTranslations("account");
  return (
    <div className="agent-narrow">
      <h1>{t("enrol.title")}</h1>
      <p className="lead">{t("enrol.intro")}</p>
      <EnrolFirstFactor callbackPath={callbackPath} />
    </div>
  );
}

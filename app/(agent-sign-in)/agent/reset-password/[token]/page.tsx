import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { SIGN_IN_PATH } from "@/lib/auth/routes.ts";
import { passwordResetUsable } from "@/lib/server/auth/passwords.ts";
import { ResetPasswordForm } from "./reset-password-form.tsx";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("account"))("reset.title"), referrer: "no-referrer" };
}

type Props = { params: Promise<{ token: string }> };

/** A password-reset link an admin had mailed (single-use, PASSWORD_RESET_TTL_MINUTES). */
export default async function ResetPasswordPage({ params }: Props) {
  const { token } = await params;
  const t = await getTranslations("account");
  const usable = await passwordResetUsable(token);
  return (
    <div className="agent-narrow">
      <h1>{t("reset.title")}</h1>
      {usable ? (
        <>
          <p className="lead">{t("reset.intro")}</p>
          <ResetPasswordForm token={token} />
        </>
      ) : (
        <div className="panel form-stack">
          <p role="alert">{t("reset.invalid")}</p>
          <Link href={SIGN_IN_PATH}>{t("reset.signIn")}</Link>
        </div>
      )}
    </div>
  );
}

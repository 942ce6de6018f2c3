import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { selfHelpProgress } from "@/lib/server/self-help/sessions.ts";
import { selfHelpSessionIdFromCookie } from "@/lib/server/self-help/session-cookie.ts";
import { categoryFromSlug } from "@/lib/self-help/flows.ts";
import { reopenSelfHelpAction } from "../../actions.ts";
import "../../../intake.css";
import { formAction } from "@/lib/actions/action-result.ts";

/** The end of a deflected session, with a way back for when it was not solved after all. */
export default async function SelfHelpSolvedPage({ params }: { params: Promise<{ category: string }> }) {
  const category = categoryFromSlug((await params).category);
  if (!category) notFound();
  const [t, categories] = await Promise.all([getTranslations("selfHelp"), getTranslations("categories")]);
  const sessionId = await selfHelpSessionIdFromCookie(category);
  const progress = sessionId ? await selfHelpProgress(sessionId, category) : null;
  return (
    <>
      <p className="eyebrow">{categories(`${category}.name`)}</p>
      <h1>{t("solvedTitle")}</h1>
      <p className="lead">{t("solvedText")}</p>
      <div className="actions">
        {progress?.outcome === "DEFLECTED" ? (
          <form action={formAction(reopenSelfHelpAction)}>
            <input type="hidden" name="category" value={category} />
            <button type="submit" className="button">
              {t("notSolved")}
            </button>
          </form>
        ) : null}
        <Link className="button" href="/">
          {t("backHome")}
        </Link>
      </div>
    </>
  );
}

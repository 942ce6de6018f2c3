import { getTranslations } from "next-intl/server";

export async function SafetyNotice() {
  const t = await getTranslations("common");
  return (
    <aside className="safety-notice" role="note" aria-labelledby="safety-notice-title">
      <strong id="safety-notice-title">{t("safetyTitle")}</strong>
      <p>{t("safetyNotice")}</p>
    </aside>
  );
}

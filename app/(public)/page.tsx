import { getTranslations } from "next-intl/server";
import { SafetyNotice } from "@/components/safety-notice.tsx";

export default async function HomePage() {
  const t = await getTranslations("home");
  return (
    <>
      <h1>{t("title")}</h1>
      <p className="lead">{t("intro")}</p>
      <SafetyNotice />
      <p>{t("comingSoon")}</p>
    </>
  );
}

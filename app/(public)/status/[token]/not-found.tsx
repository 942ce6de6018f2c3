import { getTranslations } from "next-intl/server";

/** One plain answer for every wrong, malformed or unknown link: it says nothing about why. */
export default async function StatusNotFound() {
  const t = await getTranslations("ticketStatus");
  return (
    <>
      <h1>{t("notFoundTitle")}</h1>
      <p>{t("notFoundText")}</p>
    </>
  );
}

import { getTranslations } from "next-intl/server";

/** What an agent without the editor role sees on the content editor's pages. */
export async function EditorsOnly() {
  const t = await getTranslations("contentEditor");
  return (
    <p className="form-alert" role="alert">
      {t("editorsOnly")}
    </p>
  );
}

import { getTranslations } from "next-intl/server";

/** What an agent (not an admin) sees on an admin page. */
export async function AdminOnly() {
  const t = await getTranslations("agent-shell");
  return (
    <p className="form-alert" role="alert">
      {t("adminOnly")}
    </p>
  );
}

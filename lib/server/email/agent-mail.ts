import "server-only";
import type { Prisma } from "@/generated/prisma/client.ts";
import { translator } from "@/lib/i18n/messages.ts";
import { keyedTag } from "@/lib/server/auth/keys.ts";
import { settings } from "@/lib/server/config/settings.ts";
import { escapeHtml } from "./templates.ts";

/**
 * Mail to agents about their own account (a password-reset link, a factor reset by an admin),
 * through the same outbox as customer mail. Agents have no stored language, so these mails carry
 * Japanese and English. A reset link is a working credential: the outbox stores a placeholder
 * naming the reset (not its token), the worker derives the link when sending, and the admin
 * outbox page never shows it.
 */
export const AGENT_MAIL_KINDS = ["AGENT_PASSWORD_RESET", "AGENT_FACTORS_RESET"] as const;
export type AgentMailKind = (typeof AGENT_MAIL_KINDS)[number];

export function isAgentMail(kind: string): kind is AgentMailKind {
  return (AGENT_MAIL_KINDS as readonly string[]).includes(kind);
}

const RESET_PLACEHOLDER = /\{\{password-reset:([0-9a-f-]{36})\}\}/g;

/** The token of a reset link: the reset's id and a keyed tag over it. */
export function passwordResetToken(resetId: string): string {
  return `${resetId}.${keyedTag("password-reset", resetId)}`;
}

export function passwordResetUrl(resetId: string): string {
  return `${settings().APP_BASE_URL}/agent/reset-password/${passwordResetToken(resetId)}`;
}

/** The stored text or HTML with working reset links in place of their placeholders. */
export function withAgentLinks(stored: string, format: "text" | "html"): string {
  return stored.replace(RESET_PLACEHOLDER, (_match, id: string) => (format === "html" ? escapeHtml(passwordResetUrl(id)) : passwordResetUrl(id)));
}

/** For the admin outbox page: reset links are the agent's alone. */
export function hideAgentLinks(stored: string, label: string): string {
  return stored.replace(RESET_PLACEHOLDER, label);
}

type Content = { kind: "AGENT_PASSWORD_RESET"; name: string; resetId: string; minutes: number } | { kind: "AGENT_FACTORS_RESET"; name: string; byName: string };

/** Writes the mail to the outbox inside the caller's transaction. */
export async function queueAgentMail(tx: Prisma.TransactionClient, toAddress: string, content: Content): Promise<void> {
  const brand = settings().SUPPORT_BRAND_NAME;
  const parts = (["ja", "en"] as const).map((language) => {
    const t = (key: string, params: Record<string, string | number> = {}) => translator(language)(`email.agent.${key}`, { brand, ...params });
    if (content.kind === "AGENT_PASSWORD_RESET") {
      return {
        subject: t("reset.subject"),
        paragraphs: [t("greeting", { name: content.name }), t("reset.intro", { minutes: content.minutes }), `{{password-reset:${content.resetId}}}`, t("reset.notYou")],
      };
    }
    return { subject: t("factorsReset.subject"), paragraphs: [t("greeting", { name: content.name }), t("factorsReset.intro", { admin: content.byName }), t("factorsReset.next"), t("factorsReset.notYou")] };
  });
  const subject = `${parts[0]!.subject} / ${parts[1]!.subject}`;
  const text = `${parts.map((part) => part.paragraphs.join("\n\n")).join("\n\n-----\n\n")}\n`;
  const html = `<!doctype html>
<html lang="ja">
<head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="font-family:sans-serif;line-height:1.6;color:#222;max-width:600px">
${parts
  .map((part, index) =>
    part.paragraphs
      .map((paragraph) => (paragraph.startsWith("{{password-reset:") ? `<p><a href="${paragraph}">${paragraph}</a></p>` : `<p${index ? ' lang="en"' : ""}>${escapeHtml(paragraph)}</p>`))
      .join("\n"),
  )
  .join("\n<hr>\n")}
</body>
</html>
`;
  await tx.outboxMessage.create({ data: { ticketId: null, kind: content.kind, toAddress, language: "ja", subject, textBody: text, htmlBody: html } });
}

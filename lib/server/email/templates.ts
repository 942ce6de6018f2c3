import "server-only";
import { translator } from "@/lib/i18n/messages.ts";
import { settings } from "@/lib/server/config/settings.ts";
import { maskAdvice, type SecretKind } from "@/lib/tickets/mask-secrets.ts";
import type { LanguageCode, TicketCategoryCode } from "@/lib/validation/ticket-choices.ts";

export const EMAIL_KINDS = ["TICKET_RECEIVED", "AGENT_REPLIED", "TICKET_RESOLVED"] as const;

/**
 * Stands where the private status link goes. The link is a working credential for the ticket, so
 * the outbox stores this placeholder and the link is derived again when the mail is sent (the
 * same rule as tickets: the database never holds a working status link).
 */
export const STATUS_LINK_PLACEHOLDER = "{{status-link}}";

export type RenderedEmail = { subject: string; text: string; html: string };

type TicketFacts = { reference: string; language: LanguageCode; category: TicketCategoryCode };

export type EmailContent =
  | { kind: "TICKET_RECEIVED"; ticket: TicketFacts & { maskedKinds: readonly SecretKind[] } }
  | { kind: "AGENT_REPLIED"; ticket: TicketFacts; reply: string }
  | { kind: "TICKET_RESOLVED"; ticket: TicketFacts };

type Block = { paragraph: string } | { quote: string } | { link: true } | { note: string };

/**
 * Plain text and simple HTML in the ticket's language. The received mail deliberately leaves out
 * the customer's description: anyone can file a ticket for any address, and our trusted sender
 * must not carry a stranger's text to that inbox. Agent replies are agents' own words.
 */
export function renderEmail(content: EmailContent): RenderedEmail {
  const { ticket } = content;
  const language = ticket.language;
  const translate = translator(language);
  const brand = settings().SUPPORT_BRAND_NAME;
  const t = (key: string, params: Record<string, string> = {}) => translate(`email.${key}`, { brand, reference: ticket.reference, ...params });

  let subject: string;
  let blocks: Block[];
  switch (content.kind) {
    case "TICKET_RECEIVED":
      subject = t("received.subject");
      blocks = [
        { paragraph: t("greeting") },
        { paragraph: t("received.intro") },
        {
          paragraph: t("received.topic", {
            category: translate(`categories.${ticket.category}.name`),
            categoryDescription: translate(`categories.${ticket.category}.description`),
          }),
        },
        ...(content.ticket.maskedKinds.length
          ? [{ paragraph: t("received.masked") }, ...maskAdvice(content.ticket.maskedKinds).map((advice) => ({ paragraph: t(`received.maskedAdvice.${advice}`) }))]
          : []),
        { paragraph: t("received.next") },
        { link: true },
      ];
      break;
    case "AGENT_REPLIED":
      subject = t("replied.subject");
      blocks = [
        { paragraph: t("greeting") },
        { paragraph: t("replied.intro") },
        { quote: content.reply },
        { paragraph: t("replied.next") },
        { link: true },
      ];
      break;
    case "TICKET_RESOLVED":
      subject = t("resolved.subject");
      blocks = [
        { paragraph: t("greeting") },
        { paragraph: t("resolved.intro") },
        { paragraph: t("resolved.reopen") },
        { paragraph: t("resolved.next") },
        { link: true },
      ];
      break;
  }
  blocks.push({ note: t("statusLinkPrivate") }, { paragraph: t("safety") }, { paragraph: t("signature") }, { note: t("automated") });
  return { subject, text: textOf(blocks), html: htmlOf(subject, language, t("statusLinkLabel"), blocks) };
}

function textOf(blocks: Block[]): string {
  return `${blocks
    .map((block) => {
      if ("link" in block) return STATUS_LINK_PLACEHOLDER;
      if ("quote" in block) return block.quote.split(/\r?\n/).map((line) => `> ${line}`).join("\n");
      return "paragraph" in block ? block.paragraph : block.note;
    })
    .join("\n\n")}\n`;
}

function htmlOf(subject: string, language: LanguageCode, linkLabel: string, blocks: Block[]): string {
  const body = blocks
    .map((block) => {
      if ("link" in block) {
        return `<p><a href="${STATUS_LINK_PLACEHOLDER}" style="font-weight:bold">${escapeHtml(linkLabel)}</a><br><span style="font-size:12px;color:#555">${STATUS_LINK_PLACEHOLDER}</span></p>`;
      }
      if ("quote" in block) {
        return `<blockquote style="margin:0 0 16px;padding:8px 12px;border-left:3px solid #ccc;white-space:pre-wrap">${escapeHtml(block.quote)}</blockquote>`;
      }
      if ("note" in block) return `<p style="font-size:12px;color:#555">${escapeHtml(block.note)}</p>`;
      return `<p>${escapeHtml(block.paragraph).replace(/\n/g, "<br>")}</p>`;
    })
    .join("\n");
  return `<!doctype html>
<html lang="${language}">
<head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="font-family:sans-serif;line-height:1.6;color:#222;max-width:600px">
${body}
</body>
</html>
`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/** The stored text or HTML with the ticket's status link in place of the placeholder. */
export function withStatusLink(stored: string, statusUrl: string, format: "text" | "html"): string {
  return stored.replaceAll(STATUS_LINK_PLACEHOLDER, format === "html" ? escapeHtml(statusUrl) : statusUrl);
}

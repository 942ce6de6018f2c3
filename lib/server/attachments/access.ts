import "server-only";
import { z } from "zod";
import type { Prisma, PrismaClient, StorageBackend } from "@/generated/prisma/client.ts";
import { agentRead, type AgentActor } from "@/lib/server/auth/actor.ts";
import { prisma } from "@/lib/server/db/client.ts";
import { hashStatusToken, isWellFormedStatusToken } from "@/lib/server/tickets/status-link.ts";
import type { AcceptedImageType } from "@/lib/validation/attachment.ts";

/**
 * Who is asking for an attachment: the holder of a ticket's private status link, or a signed-in
 * agent (whose account is checked again with every read).
 */
export type AttachmentViewer = { kind: "customer"; statusToken: string } | { kind: "agent"; actor: AgentActor };

export type StoredAttachment = {
  id: string;
  storage: StorageBackend;
  storageKey: string;
  contentType: AcceptedImageType;
  byteSize: number;
};

/** One screenshot as a gallery shows it. */
export type GalleryImage = {
  id: string;
  url: string;
  thumbnailUrl: string;
  contentType: AcceptedImageType;
  width: number;
  height: number;
  byteSize: number;
  originalName: string;
  /** null: sent with the ticket itself; otherwise the reply it came with */
  messageId: string | null;
  createdAt: Date;
};

const isUuid = (value: string) => z.uuid().safeParse(value).success;

/**
 * What a viewer may see: attached (never pending) files; a customer only those of the ticket the
 * link opens, and never one on an internal note.
 */
function visibleTo(viewer: AttachmentViewer): Prisma.AttachmentWhereInput | null {
  if (viewer.kind === "agent") return { state: "ATTACHED" };
  if (!isWellFormedStatusToken(viewer.statusToken)) return null;
  return {
    state: "ATTACHED",
    ticket: { statusTokenHash: hashStatusToken(viewer.statusToken) },
    OR: [{ messageId: null }, { message: { kind: "PUBLIC_REPLY" } }],
  };
}

/** An agent's read confirms the account is still active; a customer's link is checked by the query itself. */
function readAs<T>(viewer: AttachmentViewer, db: PrismaClient, read: (reader: PrismaClient) => Promise<T>): Promise<T> {
  return viewer.kind === "agent" ? agentRead(viewer.actor, read, db) : read(db);
}

/** The attachment if `viewer` may read it, else null: missing and forbidden look the same. */
export async function findViewableAttachment(
  viewer: AttachmentViewer,
  attachmentId: string,
  db: PrismaClient = prisma(),
): Promise<StoredAttachment | null> {
  const visible = visibleTo(viewer);
  if (!visible || !isUuid(attachmentId)) return null;
  const row = await readAs(viewer, db, (reader) =>
    reader.attachment.findFirst({
      where: { AND: [{ id: attachmentId }, visible] },
      select: { id: true, storage: true, storageKey: true, contentType: true, byteSize: true },
    }),
  );
  return row && { ...row, contentType: row.contentType as AcceptedImageType };
}

/** Where a viewer's browser fetches an attachment; customers carry their link's token. */
export function attachmentUrl(attachmentId: string, viewer: AttachmentViewer, size: "full" | "thumb" = "full"): string {
  const query = new URLSearchParams();
  if (viewer.kind === "customer") query.set("token", viewer.statusToken);
  if (size === "thumb") query.set("size", "thumb");
  const search = query.toString();
  return `/api/attachments/${attachmentId}${search ? `?${search}` : ""}`;
}

/**
 * The screenshots of a ticket that `viewer` may see, oldest first. Customers name the ticket by
 * their link (ticketId is ignored for them); agents by id.
 */
export async function listTicketAttachments(
  viewer: AttachmentViewer,
  ticketId: string | null,
  db: PrismaClient = prisma(),
): Promise<GalleryImage[]> {
  const visible = visibleTo(viewer);
  if (!visible) return [];
  const where: Prisma.AttachmentWhereInput[] = [visible];
  if (viewer.kind === "agent") {
    if (!ticketId || !isUuid(ticketId)) return [];
    where.push({ ticketId });
  }
  const rows = await readAs(viewer, db, (reader) =>
    reader.attachment.findMany({
      where: { AND: where },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: { id: true, contentType: true, width: true, height: true, byteSize: true, originalName: true, messageId: true, createdAt: true },
    }),
  );
  return rows.map((row) => ({ ...row, contentType: row.contentType as AcceptedImageType, url: attachmentUrl(row.id, viewer), thumbnailUrl: attachmentUrl(row.id, viewer, "thumb") }));
}

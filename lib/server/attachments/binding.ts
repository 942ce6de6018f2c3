import "server-only";
import { z } from "zod";
import type { Prisma } from "@/generated/prisma/client.ts";
import { AppError } from "@/lib/errors.ts";
import { MAX_ATTACHMENTS_PER_MESSAGE } from "@/lib/validation/attachment.ts";
import { rejectUpload } from "./rejection.ts";
import { uploadTokenHashOf } from "./uploads.ts";

/**
 * Attaches the pending uploads a form submitted to the ticket (and reply message) being created,
 * inside the caller's transaction: the intake service and the reply actions call it so the
 * ticket or reply and its screenshots are written together or not at all.
 *
 * Every id must be a PENDING upload made with this form's capability; otherwise nothing is bound
 * and VALIDATION_FAILED is thrown, which rolls the caller's transaction back. Returns how many
 * were bound.
 */
export async function bindPendingAttachments(
  tx: Prisma.TransactionClient,
  { attachmentIds, uploadToken, ticketId, messageId = null }: {
    attachmentIds: readonly string[];
    uploadToken?: string | null;
    ticketId: string;
    messageId?: string | null;
  },
): Promise<number> {
  const ids = [...new Set(attachmentIds)];
  if (ids.length === 0) return 0;
  if (!ids.every((id) => z.uuid().safeParse(id).success)) throw new AppError("VALIDATION_FAILED", { detail: "malformed attachment id" });
  if (ids.length > MAX_ATTACHMENTS_PER_MESSAGE) throw rejectUpload("too_many_files", `${ids.length} attachments for one message`);
  const uploadTokenHash = uploadTokenHashOf(uploadToken);
  // One conditional update: a concurrent second submit, or the sweep deleting the rows, leaves
  // fewer rows matching, and the count below refuses the whole set.
  const { count } = await tx.attachment.updateMany({
    where: { id: { in: ids }, state: "PENDING", uploadTokenHash },
    data: { state: "ATTACHED", ticketId, messageId, attachedAt: new Date(), uploadTokenHash: null },
  });
  if (count !== ids.length) {
    throw rejectUpload("expired", `only ${count} of ${ids.length} attachments are pending uploads of this form`);
  }
  return count;
}

import { AppError } from "@/lib/errors.ts";
import { findViewableAttachment } from "@/lib/server/attachments/access.ts";
import { attachmentReadLimit, refusedUploadAnswer } from "@/lib/server/attachments/http.ts";
import { storageFor } from "@/lib/server/attachments/storage/config.ts";
import { attachmentThumbnail, THUMBNAIL_TYPE } from "@/lib/server/attachments/thumbnail.ts";
import { discardPendingUpload } from "@/lib/server/attachments/uploads.ts";
import { publicRoute, viewerRoute } from "@/lib/server/http/route-handler.ts";
import { enforceRateLimits } from "@/lib/server/rate-limit.ts";
import { EXTENSION_BY_TYPE, UPLOAD_TOKEN_HEADER } from "@/lib/validation/attachment.ts";

export const dynamic = "force-dynamic";

/**
 * Serves a screenshot to the ticket's status-link holder or a signed-in agent, streamed from its
 * backend. Anyone else gets the same 404 as for an id that does not exist. The headers make
 * sure a browser can only ever treat the bytes as the image type we checked. `?size=thumb` answers
 * the small WebP stored for galleries instead of the full file (the file itself for one that has
 * none): no view ever decodes an image.
 */
export const GET = viewerRoute({ name: "attachments" }, async (request, { viewer, params, clientAddress }) => {
  const id = String(params.id);
  await enforceRateLimits([[attachmentReadLimit(), clientAddress]]);
  const attachment = await findViewableAttachment(viewer, id);
  if (!attachment) throw new AppError("NOT_FOUND", { detail: `attachment ${id} not readable` });
  const thumbnail = request.nextUrl.searchParams.get("size") === "thumb" ? await attachmentThumbnail(attachment) : null;
  const headers = new Headers({
    "Content-Type": thumbnail ? THUMBNAIL_TYPE : attachment.contentType,
    "Content-Disposition": `inline; filename="screenshot-${attachment.id}.${EXTENSION_BY_TYPE[attachment.contentType]}"`,
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "sandbox; default-src 'none'",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "private, max-age=300",
    Vary: "Cookie",
  });
  if (thumbnail) {
    headers.set("Content-Length", String(thumbnail.length));
    return new Response(new Uint8Array(thumbnail), { status: 200, headers });
  }
  const file = await storageFor(attachment.storage).open(attachment.storageKey);
  if (!file) {
    console.error(`[attachments] ${attachment.storage} file missing for attachment ${attachment.id}`);
    throw new AppError("NOT_FOUND", { detail: `attachment ${id} not readable` });
  }
  if (file.size !== null) headers.set("Content-Length", String(file.size));
  return new Response(file.stream, { status: 200, headers });
});

/** Takes a pending upload back out of a form; only the form's upload capability may. */
export const DELETE = publicRoute({ name: "attachments", errorAnswer: refusedUploadAnswer }, async (request, { params }) => {
  await discardPendingUpload({ attachmentId: String(params.id), uploadToken: request.headers.get(UPLOAD_TOKEN_HEADER) });
  return new Response(null, { status: 204, headers: { "Cache-Control": "no-store" } });
});

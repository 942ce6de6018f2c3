import { AppError } from "@/lib/errors.ts";
import { refusedUploadAnswer, UPLOAD_CLIENT_LIMIT } from "@/lib/server/attachments/http.ts";
import { rejectUpload } from "@/lib/server/attachments/rejection.ts";
import { activeStorageBackend } from "@/lib/server/attachments/storage/config.ts";
import { receiveUpload } from "@/lib/server/attachments/uploads.ts";
import { publicRoute } from "@/lib/server/http/route-handler.ts";
import { enforceRateLimits } from "@/lib/server/rate-limit.ts";
import { MAX_ATTACHMENT_BYTES, UPLOAD_FILE_NAME_HEADER, UPLOAD_TOKEN_HEADER } from "@/lib/validation/attachment.ts";

export const dynamic = "force-dynamic";

function fileNameFrom(headers: Headers): string | null {
  const raw = headers.get(UPLOAD_FILE_NAME_HEADER);
  if (!raw) return null;
  try {
    return decodeURIComponent(raw);
  } catch {
    return null;
  }
}

/**
 * Local-disk upload: the raw file is the body (the picker sends it with XMLHttpRequest for
 * progress events), the form's capability is in X-Upload-Token. Answers 201 with the pending
 * attachment. With UploadThing configured, uploads go through /api/uploadthing instead.
 */
export const POST = publicRoute({ name: "attachments", errorAnswer: refusedUploadAnswer }, async (request, { clientAddress }) => {
  if (activeStorageBackend() !== "LOCAL") throw new AppError("NOT_FOUND", { detail: "uploads go to UploadThing" });
  await enforceRateLimits([[UPLOAD_CLIENT_LIMIT, clientAddress]]);
  const declared = Number(request.headers.get("content-length") ?? NaN);
  if (declared > MAX_ATTACHMENT_BYTES) throw rejectUpload("too_large", `declared ${declared} bytes`);
  const uploaded = await receiveUpload({
    body: request.body,
    announcedBytes: Number.isNaN(declared) ? undefined : declared,
    fileName: fileNameFrom(request.headers),
    uploadToken: request.headers.get(UPLOAD_TOKEN_HEADER),
    clientAddress,
  });
  return Response.json(uploaded, { status: 201, headers: { "Cache-Control": "no-store" } });
});

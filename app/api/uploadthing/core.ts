import "server-only";
import { randomUUID } from "node:crypto";
import { createUploadthing, UTFiles, type FileRouter } from "uploadthing/next";
import { UploadThingError } from "uploadthing/server";
import { isAppError } from "@/lib/errors.ts";
import { UPLOAD_CLIENT_LIMIT } from "@/lib/server/attachments/http.ts";
import { uploadLimits } from "@/lib/server/attachments/limits.ts";
import { reserveDailyBytes } from "@/lib/server/attachments/quota.ts";
import { rejectionReason } from "@/lib/server/attachments/rejection.ts";
import { acceptUploadThingFile, assertRoomForAnother, displayFileName, hashUploadToken } from "@/lib/server/attachments/uploads.ts";
import { prisma } from "@/lib/server/db/client.ts";
import { clientAddress } from "@/lib/server/http/client-address.ts";
import { enforceRateLimits } from "@/lib/server/rate-limit.ts";
import {
  EXTENSION_BY_TYPE,
  isAcceptedImageType,
  MAX_ATTACHMENT_MEGABYTES,
  MAX_ATTACHMENTS_PER_MESSAGE,
} from "@/lib/validation/attachment.ts";
import { uploadThingInputSchema } from "@/lib/validation/upload-token.ts";

const f = createUploadthing();

// UploadThing's types only name power-of-two sizes; its parser takes any "<n>MB" (binary
// megabytes, the unit our limit is counted in), so 10MB is exactly MAX_ATTACHMENT_BYTES.
const maxFileSize = `${MAX_ATTACHMENT_MEGABYTES}MB` as "8MB";
const limits = { maxFileSize, maxFileCount: MAX_ATTACHMENTS_PER_MESSAGE };

/**
 * The UploadThing side of screenshot uploads, with the limits of lib/validation/attachment.ts.
 * The middleware checks the form's upload capability and the client's rate limit before any URL
 * is signed; onUploadComplete runs the same content check as the local endpoint (see
 * acceptUploadThingFile) and returns the attachment, or why it was refused, as server data.
 */
export const attachmentFileRouter = {
  screenshot: f({ "image/png": limits, "image/jpeg": limits, "image/webp": limits })
    .input(uploadThingInputSchema)
    .middleware(async ({ req, input, files }) => {
      try {
        await enforceRateLimits([[UPLOAD_CLIENT_LIMIT, clientAddress(req.headers)]]);
        const uploadTokenHash = hashUploadToken(input.uploadToken);
        await assertRoomForAnother(prisma(), uploadTokenHash, files.length);
        // Counted from the declared sizes, which UploadThing holds the files to.
        await reserveDailyBytes(prisma(), { clientAddress: clientAddress(req.headers), bytes: files.reduce((sum, file) => sum + file.size, 0), limits: uploadLimits() });
        // Stored names are random; the uploader's names travel in the signed metadata, only to
        // be shown to agents.
        const renamed = files.map((file) => ({
          ...file,
          name: `${randomUUID()}.${isAcceptedImageType(file.type) ? EXTENSION_BY_TYPE[file.type] : "bin"}`,
        }));
        const originalNames = Object.fromEntries(renamed.map((file, index) => [file.name, displayFileName(files[index]?.name)]));
        return { uploadTokenHash, originalNames, [UTFiles]: renamed };
      } catch (error) {
        const reason = rejectionReason(error);
        if (reason) throw new UploadThingError({ code: "BAD_REQUEST", message: reason });
        if (isAppError(error) && error.code === "RATE_LIMITED") throw new UploadThingError({ code: "FORBIDDEN", message: "rate_limited" });
        throw error;
      }
    })
    .onUploadComplete(({ metadata, file }) =>
      acceptUploadThingFile({
        fileKey: file.key,
        originalName: metadata.originalNames[file.name] ?? "screenshot",
        uploadTokenHash: metadata.uploadTokenHash,
      }),
    ),
} satisfies FileRouter;

export type AttachmentFileRouter = typeof attachmentFileRouter;

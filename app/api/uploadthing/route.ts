import { createRouteHandler } from "uploadthing/next";
import { AppError } from "@/lib/errors.ts";
import { activeStorageBackend } from "@/lib/server/attachments/storage/config.ts";
import { publicRoute } from "@/lib/server/http/route-handler.ts";
import { attachmentFileRouter } from "./core.ts";

export const dynamic = "force-dynamic";

const handlers = createRouteHandler({ router: attachmentFileRouter });

// The route exists only while UploadThing is the configured backend (UPLOADTHING_TOKEN); the file
// router's middleware checks each upload (app/api/uploadthing/core.ts).
function whenConfigured(): void {
  if (activeStorageBackend() !== "UPLOADTHING") throw new AppError("NOT_FOUND", { detail: "UploadThing is not configured" });
}

export const GET = publicRoute({ name: "uploadthing" }, async (request) => {
  whenConfigured();
  return handlers.GET(request);
});

export const POST = publicRoute({ name: "uploadthing" }, async (request) => {
  whenConfigured();
  return handlers.POST(request);
});

import type { NextRequest } from "next/server";
import { createRouteHandler } from "uploadthing/next";
import { activeStorageBackend } from "@/lib/server/attachments/storage/config.ts";
import { attachmentFileRouter } from "./core.ts";

export const dynamic = "force-dynamic";

const handlers = createRouteHandler({ router: attachmentFileRouter });

// The route exists only while UploadThing is the configured backend (UPLOADTHING_TOKEN).
const notConfigured = () => Response.json({ error: { code: "NOT_FOUND" } }, { status: 404 });

export async function GET(request: NextRequest): Promise<Response> {
  return activeStorageBackend() === "UPLOADTHING" ? handlers.GET(request) : notConfigured();
}

export async function POST(request: NextRequest): Promise<Response> {
  return activeStorageBackend() === "UPLOADTHING" ? handlers.POST(request) : notConfigured();
}

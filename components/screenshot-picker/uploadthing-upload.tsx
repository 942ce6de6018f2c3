"use client";

import { generateReactHelpers } from "@uploadthing/react";
import { useEffect, useRef } from "react";
import type { AttachmentFileRouter } from "@/app/api/uploadthing/core.ts";
import type { ItemUploadProps } from "./item-upload.ts";
import { failureReason } from "./local-upload.ts";

const { useUploadThing } = generateReactHelpers<AttachmentFileRouter>();

/**
 * Uploads one file through UploadThing's own client (useUploadThing: our route signs, the
 * browser sends to UploadThing's ingest, our onUploadComplete checks and records it). Loaded
 * only when UploadThing is the backend, so the local-disk picker never ships this code.
 */
export default function UploadThingUpload({ itemKey, file, uploadToken, signal, onProgress, onSettled }: ItemUploadProps) {
  const { startUpload } = useUploadThing("screenshot", {
    signal,
    uploadProgressGranularity: "fine",
    onUploadProgress: (percent) => onProgress(itemKey, percent),
    onUploadError: (error) => onSettled(itemKey, { ok: false, reason: failureReason(error.message) }),
  });
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    startUpload([file], { uploadToken }).then(
      (results) => {
        const serverData = results?.[0]?.serverData;
        if (serverData) onSettled(itemKey, serverData);
        else if (results) onSettled(itemKey, { ok: false, reason: "upload_failed" });
      },
      () => undefined, // aborted because the file was removed
    );
  }, [itemKey, file, uploadToken, startUpload, onSettled]);
  return null;
}

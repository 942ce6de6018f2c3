"use client";

import { useTranslations } from "next-intl";
import { lazy, Suspense, useCallback, useEffect, useId, useRef, useState, type DragEvent } from "react";
import {
  ACCEPTED_IMAGE_TYPES,
  type AttachmentRejection,
  MAX_ATTACHMENT_MEGABYTES,
  MAX_ATTACHMENTS_PER_MESSAGE,
  newUploadToken,
  precheckFile,
  UPLOADS_PENDING_FIELD,
} from "@/lib/validation/attachment.ts";
import type { ItemUploadProps, UploadOutcome } from "./item-upload.ts";
import "./screenshot-picker.css";
import { discardUpload, UploadFailure, uploadToLocalDisk } from "./local-upload.ts";

const UploadThingUpload = lazy(() => import("./uploadthing-upload.tsx"));

export type ScreenshotPickerValue = {
  /** The form's upload capability; submit it with the ids. Null until something was uploaded. */
  uploadToken: string | null;
  /** Uploaded (pending) attachments, in the order shown. */
  attachmentIds: string[];
  /** True while a file is still uploading: the form should wait before submitting. */
  busy: boolean;
};

export type ScreenshotPickerProps = {
  /** Where uploads go; the page reads it on the server with activeStorageBackend(). */
  backend: "LOCAL" | "UPLOADTHING";
  onChange?(value: ScreenshotPickerValue): void;
  /** Names of the hidden inputs for forms posted as FormData (server actions). */
  tokenFieldName?: string;
  idsFieldName?: string;
  disabled?: boolean;
};

type Item = {
  key: string;
  file: File;
  preview: string;
  controller: AbortController;
  state: "uploading" | "done" | "failed";
  progress: number;
  attachmentId?: string;
  error?: string;
};

type ErrorKey = AttachmentRejection | "rate_limited";

const LIMITS = { maxMegabytes: MAX_ATTACHMENT_MEGABYTES, maxFiles: MAX_ATTACHMENTS_PER_MESSAGE };

function imageFilesOf(list: FileList | DataTransferItemList | null | undefined): File[] {
  if (!list) return [];
  if (list instanceof FileList) return [...list];
  return [...list].flatMap((item) => {
    const file = item.kind === "file" ? item.getAsFile() : null;
    return file ? [file] : [];
  });
}

/** A pasted screenshot is called "image.png" by every browser; give each its own name. */
function namePasted(file: File, index: number): File {
  if (file.name && file.name !== "image.png") return file;
  const extension = file.type.split("/")[1] ?? "png";
  const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, "-");
  return new File([file], `screenshot-${stamp}-${index + 1}.${extension}`, { type: file.type, lastModified: file.lastModified });
}

function LocalUpload({ itemKey, file, uploadToken, signal, onProgress, onSettled }: ItemUploadProps) {
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    uploadToLocalDisk(file, uploadToken, { onProgress: (percent) => onProgress(itemKey, percent), signal }).then(
      (attachment) => onSettled(itemKey, { ok: true, attachment }),
      (error: unknown) => {
        if (error instanceof UploadFailure) onSettled(itemKey, { ok: false, reason: error.reason });
        else if (!signal.aborted) onSettled(itemKey, { ok: false, reason: "upload_failed" });
      },
    );
  }, [itemKey, file, uploadToken, signal, onProgress, onSettled]);
  return null;
}

/**
 * Screenshot picker for the ticket form and the reply form: drag and drop, file chooser and
 * clipboard paste; thumbnails with remove buttons and progress. Files upload as soon as they are
 * chosen, so submitting only sends the ids (bindPendingAttachments on the server). Limits come
 * from lib/validation/attachment.ts and are checked here first, by the server again.
 */
export function ScreenshotPicker({
  backend,
  onChange,
  tokenFieldName = "uploadToken",
  idsFieldName = "attachmentIds",
  disabled = false,
}: ScreenshotPickerProps) {
  const t = useTranslations("attachments");
  const inputId = useId();
  const hintId = `${inputId}-hint`;
  const errorId = `${inputId}-errors`;
  const [uploadToken, setUploadToken] = useState<string | null>(null);
  const [items, setItems] = useState<Item[]>([]);
  const [errors, setErrors] = useState<string[]>([]);
  const [announcement, setAnnouncement] = useState("");
  const [dragging, setDragging] = useState(false);
  const itemsRef = useRef(items);
  const announcedProgress = useRef(new Map<string, number>());

  // The latest onChange, so a parent passing a new function each render does not re-notify.
  const onChangeRef = useRef(onChange);
  useEffect(() => {
    onChangeRef.current = onChange;
  }, [onChange]);
  useEffect(() => {
    itemsRef.current = items;
    onChangeRef.current?.({
      uploadToken,
      attachmentIds: items.flatMap((item) => (item.state === "done" && item.attachmentId ? [item.attachmentId] : [])),
      busy: items.some((item) => item.state === "uploading"),
    });
  }, [items, uploadToken]);

  // Previews are object URLs; release them when the picker goes away.
  useEffect(() => () => itemsRef.current.forEach((item) => URL.revokeObjectURL(item.preview)), []);

  const errorText = useCallback((name: string, reason: ErrorKey) => t("picker.failed", { name, reason: t(`errors.${reason}`, LIMITS) }), [t]);

  const addFiles = useCallback(
    (files: File[]) => {
      if (disabled || files.length === 0) return;
      const token = uploadToken ?? newUploadToken();
      if (!uploadToken) setUploadToken(token);
      const refused: string[] = [];
      const accepted: Item[] = [];
      let room = MAX_ATTACHMENTS_PER_MESSAGE - itemsRef.current.filter((item) => item.state !== "failed").length;
      for (const file of files) {
        const problem = precheckFile(file);
        if (problem) {
          refused.push(errorText(file.name, problem));
          continue;
        }
        if (room <= 0) {
          refused.push(errorText(file.name, "too_many_files"));
          continue;
        }
        room -= 1;
        accepted.push({
          key: `${Date.now()}-${Math.random().toString(36).slice(2)}`,
          file,
          preview: URL.createObjectURL(file),
          controller: new AbortController(),
          state: "uploading",
          progress: 0,
        });
      }
      setErrors(refused);
      if (accepted.length) setItems((current) => [...current, ...accepted]);
    },
    [disabled, uploadToken, errorText],
  );

  const settle = useCallback(
    (key: string, outcome: UploadOutcome) => {
      const item = itemsRef.current.find((candidate) => candidate.key === key);
      if (!item) return; // removed while it was uploading
      let update: Partial<Item>;
      if (outcome.ok) {
        update = { state: "done", progress: 100, attachmentId: outcome.attachment.id };
        setAnnouncement(t("picker.uploaded", { name: item.file.name }));
      } else {
        const error = errorText(item.file.name, outcome.reason);
        update = { state: "failed", error };
        setErrors((existing) => [...existing, error]);
      }
      setItems((current) => current.map((candidate) => (candidate.key === key ? { ...candidate, ...update } : candidate)));
    },
    [t, errorText],
  );

  const progress = useCallback(
    (key: string, percent: number) => {
      setItems((current) => current.map((item) => (item.key === key && item.state === "uploading" ? { ...item, progress: percent } : item)));
      // Announce in steps of a quarter, not on every progress event.
      const step = Math.floor(percent / 25) * 25;
      if (step > 0 && step < 100 && announcedProgress.current.get(key) !== step) {
        announcedProgress.current.set(key, step);
        const item = itemsRef.current.find((candidate) => candidate.key === key);
        if (item) setAnnouncement(t("picker.uploading", { name: item.file.name, percent: step }));
      }
    },
    [t],
  );

  const remove = (item: Item) => {
    item.controller.abort();
    if (item.attachmentId && uploadToken) discardUpload(item.attachmentId, uploadToken);
    URL.revokeObjectURL(item.preview);
    setItems((current) => current.filter((candidate) => candidate.key !== item.key));
    setErrors((current) => current.filter((error) => error !== item.error));
    setAnnouncement(t("picker.removed", { name: item.file.name }));
  };

  // Paste anywhere on the page: a screenshot in the clipboard is attached, text pastes normally.
  useEffect(() => {
    if (disabled) return;
    const onPaste = (event: ClipboardEvent) => {
      const files = imageFilesOf(event.clipboardData?.items).map(namePasted);
      if (files.length === 0) return;
      event.preventDefault();
      addFiles(files);
    };
    document.addEventListener("paste", onPaste);
    return () => document.removeEventListener("paste", onPaste);
  }, [addFiles, disabled]);

  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setDragging(false);
    addFiles(imageFilesOf(event.dataTransfer.files));
  };

  const attachedCount = items.filter((item) => item.state !== "failed").length;
  const Uploader = backend === "UPLOADTHING" ? UploadThingUpload : LocalUpload;

  return (
    <div className="screenshot-picker">
      <div
        className={dragging ? "screenshot-dropzone is-dragging" : "screenshot-dropzone"}
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <label htmlFor={inputId} className="screenshot-label">
          {t("picker.label")}
        </label>
        <p id={hintId} className="screenshot-hint">
          {t("picker.hint", LIMITS)}
        </p>
        <label className="screenshot-choose" data-disabled={disabled || attachedCount >= MAX_ATTACHMENTS_PER_MESSAGE}>
          <input
            id={inputId}
            className="visually-hidden"
            type="file"
            multiple
            accept={ACCEPTED_IMAGE_TYPES.join(",")}
            disabled={disabled}
            aria-describedby={errors.length ? `${hintId} ${errorId}` : hintId}
            onChange={(event) => {
              addFiles(imageFilesOf(event.currentTarget.files));
              event.currentTarget.value = "";
            }}
          />
          <span aria-hidden="true">{dragging ? t("picker.dropHere") : t("picker.choose")}</span>
        </label>
        <span className="screenshot-count">{t("picker.count", { count: attachedCount, max: MAX_ATTACHMENTS_PER_MESSAGE })}</span>
      </div>

      <div id={errorId} role="alert" className="screenshot-errors">
        {errors.map((error, index) => (
          <p key={index}>{error}</p>
        ))}
      </div>
      <p role="status" className="visually-hidden">
        {announcement}
      </p>

      {items.length > 0 && (
        <ul className="screenshot-thumbnails" aria-label={t("picker.attachedList")}>
          {items.map((item) => (
            <li key={item.key} className={`screenshot-thumbnail is-${item.state}`}>
              {/* eslint-disable-next-line @next/next/no-img-element -- a local object URL, nothing to optimise */}
              <img src={item.preview} alt={item.file.name} />
              <span className="screenshot-name">{item.file.name}</span>
              {item.state === "uploading" && (
                <progress max={100} value={item.progress} aria-label={t("picker.uploading", { name: item.file.name, percent: item.progress })} />
              )}
              {item.state === "failed" && <span className="screenshot-failed">{t("picker.retryHint")}</span>}
              <button type="button" className="screenshot-remove" onClick={() => remove(item)} aria-label={t("picker.remove", { name: item.file.name })}>
                ×
              </button>
              {item.state === "uploading" && (
                <Suspense fallback={null}>
                  <Uploader
                    itemKey={item.key}
                    file={item.file}
                    uploadToken={uploadToken ?? ""}
                    signal={item.controller.signal}
                    onProgress={progress}
                    onSettled={settle}
                  />
                </Suspense>
              )}
            </li>
          ))}
        </ul>
      )}

      {uploadToken && <input type="hidden" name={tokenFieldName} value={uploadToken} />}
      {/* Lets a form posted as FormData notice (and refuse) a submit before the uploads finished. */}
      {items.some((item) => item.state === "uploading") && <input type="hidden" name={UPLOADS_PENDING_FIELD} value="1" />}
      {items.map((item) =>
        item.state === "done" && item.attachmentId ? <input key={item.key} type="hidden" name={idsFieldName} value={item.attachmentId} /> : null,
      )}
    </div>
  );
}

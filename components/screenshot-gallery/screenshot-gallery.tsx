"use client";

import { useTranslations } from "next-intl";
import { useRef, useState, type KeyboardEvent } from "react";
import "./screenshot-gallery.css";

export type GalleryImageView = {
  id: string;
  url: string;
  thumbnailUrl: string;
  width: number;
  height: number;
  byteSize: number;
  originalName: string;
};

function formatSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/**
 * Thumbnails of a ticket's screenshots; each opens a full-size viewer (a modal <dialog>: Escape
 * closes it and focus returns to the thumbnail; arrow keys step through the screenshots).
 */
export function ScreenshotGallery({ images, headingLevel = 2 }: { images: GalleryImageView[]; headingLevel?: 2 | 3 }) {
  const t = useTranslations("attachments.gallery");
  const dialog = useRef<HTMLDialogElement>(null);
  const [openIndex, setOpenIndex] = useState<number | null>(null);
  if (images.length === 0) return null;
  const Heading = headingLevel === 2 ? "h2" : "h3";
  const current = openIndex === null ? null : images[openIndex];

  const open = (index: number) => {
    setOpenIndex(index);
    dialog.current?.showModal();
  };
  const step = (delta: number) => setOpenIndex((index) => (index === null ? null : (index + delta + images.length) % images.length));
  const onKeyDown = (event: KeyboardEvent<HTMLDialogElement>) => {
    if (event.key === "ArrowRight") step(1);
    if (event.key === "ArrowLeft") step(-1);
  };

  return (
    <section className="screenshot-gallery" aria-labelledby="screenshot-gallery-title">
      <Heading id="screenshot-gallery-title">{t("title")}</Heading>
      <ul className="screenshot-gallery-grid">
        {images.map((image, index) => (
          <li key={image.id}>
            <button type="button" className="screenshot-gallery-thumb" onClick={() => open(index)} aria-label={t("open", { name: image.originalName })}>
              {/* eslint-disable-next-line @next/next/no-img-element -- served by our access-checked route, not optimisable */}
              <img src={image.thumbnailUrl} alt="" width={image.width} height={image.height} loading="lazy" decoding="async" />
            </button>
            <span className="screenshot-gallery-name">{image.originalName}</span>
          </li>
        ))}
      </ul>
      <dialog
        ref={dialog}
        className="screenshot-viewer"
        aria-label={current ? t("dialogLabel", { index: (openIndex ?? 0) + 1, total: images.length, name: current.originalName }) : undefined}
        onKeyDown={onKeyDown}
        onClose={() => setOpenIndex(null)}
      >
        {current && (
          <>
            <div className="screenshot-viewer-bar">
              <span>
                {(openIndex ?? 0) + 1} / {images.length} · {current.originalName} ·{" "}
                {t("details", { width: current.width, height: current.height, size: formatSize(current.byteSize) })}
              </span>
              <a href={current.url} target="_blank" rel="noopener noreferrer">
                {t("openOriginal")}
              </a>
              <button type="button" onClick={() => dialog.current?.close()} autoFocus>
                {t("close")}
              </button>
            </div>
            {/* eslint-disable-next-line @next/next/no-img-element -- full-size original */}
            <img className="screenshot-viewer-image" src={current.url} alt={current.originalName} width={current.width} height={current.height} />
            {images.length > 1 && (
              <div className="screenshot-viewer-nav">
                <button type="button" onClick={() => step(-1)}>
                  {t("previous")}
                </button>
                <button type="button" onClick={() => step(1)}>
                  {t("next")}
                </button>
              </div>
            )}
          </>
        )}
      </dialog>
    </section>
  );
}

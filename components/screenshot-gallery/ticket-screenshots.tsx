import { listTicketAttachments, type AttachmentViewer } from "@/lib/server/attachments/access.ts";
import { ScreenshotGallery } from "./screenshot-gallery.tsx";

/**
 * Server component: the screenshots of one ticket that `viewer` may see, as a gallery (nothing
 * when there are none). Agents pass { kind: "agent", actor } and the ticket id; the status page
 * passes { kind: "customer", statusToken } (the ticket comes from the link).
 */
export async function TicketScreenshots({
  viewer,
  ticketId = null,
  headingLevel,
}: {
  viewer: AttachmentViewer;
  ticketId?: string | null;
  headingLevel?: 2 | 3;
}) {
  const images = await listTicketAttachments(viewer, ticketId);
  return (
    <ScreenshotGallery
      headingLevel={headingLevel}
      images={images.map(({ id, url, thumbnailUrl, width, height, byteSize, originalName }) => ({ id, url, thumbnailUrl, width, height, byteSize, originalName }))}
    />
  );
}

import type { ReactNode } from "react";
import { PublicFrame } from "@/components/public-frame.tsx";

/** The content editor's phone preview: framed exactly like the end-user pages, outside the dashboard's layout. */
export default function ContentPreviewLayout({ children }: { children: ReactNode }) {
  return <PublicFrame>{children}</PublicFrame>;
}

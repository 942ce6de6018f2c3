import type { Metadata, Viewport } from "next";
import { getLocale } from "next-intl/server";
import type { ReactNode } from "react";
import { brandName } from "@/lib/brand.ts";
import "./globals.css";

export async function generateMetadata(): Promise<Metadata> {
  return { title: { default: `${brandName()} Support`, template: `%s · ${brandName()} Support` } };
}

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const locale = await getLocale();
  return (
    <html lang={locale}>
      <body>
        {children}
      </body>
    </html>
  );
}

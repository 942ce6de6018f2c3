"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

type NavLink = { href: string; label: string };

/** The dashboard's main navigation; the section being viewed is marked for screen readers too. */
export function AgentNav({ label, links }: { label: string; links: NavLink[] }) {
  const pathname = usePathname();
  const current = (href: string) =>
    href === "/agent" ? pathname === "/agent" || pathname.startsWith("/agent/tickets") : pathname.startsWith(href);
  return (
    <nav className="agent-nav" aria-label={label}>
      <ul>
        {links.map((link) => (
          <li key={link.href}>
            <Link href={link.href} aria-current={current(link.href) ? "page" : undefined}>
              {link.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

"use client";

import { useEffect, useState } from "react";
import { PRESENCE_HEARTBEAT_SECONDS } from "@/lib/tickets/presence.ts";

export type Viewer = { id: string; name: string };

/** Heartbeats while the page is open; answers the other agents who have this ticket open. */
export function usePresence(ticketId: string, initialViewers: Viewer[]): Viewer[] {
  const [viewers, setViewers] = useState(initialViewers);
  useEffect(() => {
    let stopped = false;
    const body = JSON.stringify({ ticketId });
    const headers = { "Content-Type": "application/json" };
    const beat = async () => {
      try {
        const response = await fetch("/api/agent/presence", { method: "POST", headers, body });
        if (response.ok && !stopped) setViewers(((await response.json()) as { viewers: Viewer[] }).viewers);
      } catch {
        // offline for a moment: the next beat tries again
      }
    };
    const leave = () => {
      void fetch("/api/agent/presence", { method: "DELETE", headers, body, keepalive: true }).catch(() => undefined);
    };
    void beat();
    const timer = setInterval(() => void beat(), PRESENCE_HEARTBEAT_SECONDS * 1000);
    window.addEventListener("pagehide", leave);
    return () => {
      stopped = true;
      clearInterval(timer);
      window.removeEventListener("pagehide", leave);
      leave();
    };
  }, [ticketId]);
  return viewers;
}

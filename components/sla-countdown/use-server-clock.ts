"use client";

import { useEffect, useState } from "react";

/**
 * The server's "now", ticking every `intervalMs`: countdowns follow the server's clock (which
 * decided the due time), not a possibly wrong clock on the agent's computer.
 */
export function useServerClock(serverNow: string, intervalMs = 30_000): Date {
  const [offset] = useState(() => new Date(serverNow).getTime() - Date.now());
  const [now, setNow] = useState(() => new Date(serverNow));
  useEffect(() => {
    const tick = () => setNow(new Date(Date.now() + offset));
    const timer = setInterval(tick, intervalMs);
    return () => clearInterval(timer);
  }, [offset, intervalMs]);
  return now;
}

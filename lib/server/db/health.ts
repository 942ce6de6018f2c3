import "server-only";
import { database, type Database } from "./client.ts";

/** True when a trivial query answers within the time limit; never throws. */
export async function isDatabaseReachable(target: Database = database(), timeoutMs = 2_000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  const probe = target.prisma.$queryRaw`SELECT 1`.then(() => true as const)
    .catch(() => false as const);
  try {
    return await Promise.race([probe, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

import "server-only";
const TASKS = Symbol.for("supportgate.periodicTasks");
type GlobalWithTasks = typeof globalThis & { [TASKS]?: Map<string, NodeJS.Timeout> };

/**
 * Runs `work` every `intervalMs`, first after `firstRunAfterMs`, at most once per name and
 * process (Next may evaluate server modules more than once). Failures are logged, never thrown:
 * housekeeping must not take the server down. Timers are unref'd so they never keep a
 * stopping process alive.
 */
export function startPeriodicTask(
  name: string,
  { intervalMs, firstRunAfterMs = Math.min(intervalMs, 60_000) }: { intervalMs: number; firstRunAfterMs?: number },
  work: () => Promise<string | null>,
): void {
  const slot = globalThis as GlobalWithTasks;
  const tasks = (slot[TASKS] ??= new Map());
  if (tasks.has(name)) return;
  const run = () => {
    work()
      .then((summary) => {
        if (summary) console.log(`[${name}] ${summary}`);
      })
      .catch((error) => console.error(`[${name}] failed:`, error));
  };
  const timer = setInterval(run, intervalMs);
  timer.unref();
  tasks.set(name, timer);
  setTimeout(run, firstRunAfterMs).unref();
}

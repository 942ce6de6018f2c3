import { CSV_BYTE_ORDER_MARK, csvLine } from "@/lib/csv.ts";
import { AppError } from "@/lib/errors.ts";
import { translator } from "@/lib/i18n/messages.ts";
import { agentRoute } from "@/lib/server/http/route-handler.ts";
import { settings } from "@/lib/server/config/settings.ts";
import { openQueueExport } from "@/lib/server/tickets/queue.ts";
import { parseQueueQuery } from "@/lib/validation/queue.ts";

const COLUMNS = [
  "reference", "status", "priority", "category", "language", "contactEmail", "assignee", "createdAt", "slaDueAt",
  "firstRespondedAt", "breached", "description",
] as const;

/**
 * GET /api/agent/tickets/export?<queue filters> — the whole filtered queue as CSV, streamed in
 * SLA order. Customer text is defused against spreadsheet formulas (lib/csv.ts). Refusals (too
 * many tickets, the database down) are answered before the file starts; every export is in the
 * audit log.
 */
export const GET = agentRoute({ name: "agent-queue-export" }, async (request, { actor, language }) => {
  const parsed = parseQueueQuery(request.nextUrl.searchParams);
  if (!parsed.success) {
    throw new AppError("VALIDATION_FAILED", { detail: `export query: ${parsed.issues.map((issue) => issue.path).join(", ")}` });
  }
  const { rows } = await openQueueExport(actor, parsed.query, {
    maxRows: settings().EXPORT_MAX_ROWS,
    filtersText: request.nextUrl.searchParams.toString(),
  });
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(CSV_BYTE_ORDER_MARK + csvLine(COLUMNS.map((column) => translator(language)(`queue.export.columns.${column}`)))));
    },
    async pull(controller) {
      try {
        const next = await rows.next();
        if (next.done) {
          controller.close();
          return;
        }
        const row = next.value;
        controller.enqueue(
          encoder.encode(
            csvLine([
              row.reference, row.status, row.priority, row.category, row.language, row.contactEmail, row.assignee?.name ?? "",
              row.createdAt, row.slaDueAt, row.firstRespondedAt ?? "", translator(language)(row.breached ? "queue.export.yes" : "queue.export.no"), row.description,
            ]),
          ),
        );
      } catch (error) {
        // Headers are gone already; cutting the stream short tells the browser the file is incomplete.
        console.error("[agent-queue-export] export failed midway:", error);
        controller.error(error);
      }
    },
    async cancel() {
      await rows.return(undefined);
    },
  });
  const stamp = new Date().toISOString().slice(0, 16).replace(/[-:T]/g, "");
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="supportgate-queue-${stamp}.csv"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
});

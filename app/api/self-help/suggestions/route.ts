import { AppError } from "@/lib/errors.ts";
import { publicRoute } from "@/lib/server/http/route-handler.ts";
import { suggestSteps } from "@/lib/server/self-help/suggestions.ts";
import { stepPath } from "@/lib/self-help/flows.ts";
import { suggestionQuerySchema } from "@/lib/validation/self-help.ts";

export const dynamic = "force-dynamic";

/**
 * Self-help steps matching what the customer is typing (start page search, ticket form), in the
 * visitor's language: `?q=…&category=EMAIL` (the category is preferred, not required). Each
 * suggestion links to its step; opening it is recorded by the step's page.
 */
export const GET = publicRoute({ name: "self-help.suggestions" }, async (request, ctx) => {
  const parsed = suggestionQuerySchema.safeParse(Object.fromEntries(request.nextUrl.searchParams));
  if (!parsed.success) throw new AppError("VALIDATION_FAILED", { detail: "suggestion query" });
  const suggestions = await suggestSteps(parsed.data.q, { language: ctx.language, category: parsed.data.category });
  return Response.json(
    {
      suggestions: suggestions.map(({ category, stepKey, title, snippet }) => ({
        category,
        stepKey,
        title,
        snippet,
        href: `${stepPath(category, stepKey)}?from=suggestion`,
      })),
    },
    { headers: { "Cache-Control": "no-store" } },
  );
});

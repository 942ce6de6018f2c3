import type { Metadata } from "next";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { isLanguage } from "@/lib/i18n/locale.ts";
import { stepTitle } from "@/lib/self-help/flows.ts";
import { publishedFlows } from "@/lib/server/self-help/content.ts";
import { agentForPage } from "@/lib/server/auth/page-guard.ts";
import { settings } from "@/lib/server/config/settings.ts";
import { ticketMetrics } from "@/lib/server/metrics/ticket-metrics.ts";
import { PRIORITIES } from "@/lib/tickets/priority.ts";
import { metricsFiltersFromSearchParams } from "@/lib/validation/metrics.ts";
import { TICKET_CATEGORIES } from "@/lib/validation/ticket-choices.ts";
import { CHART_COLORS, MetricsChart } from "./metrics-chart.tsx";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("metrics"))("title") };
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function MetricsPage({ searchParams }: Props) {
  const params = await searchParams;
  const query = new URLSearchParams(Object.entries(params).flatMap(([key, value]) => (typeof value === "string" ? [[key, value]] : [])));
  const agent = await agentForPage(`/agent/metrics${query.size ? `?${query}` : ""}`);
  const timeZone = settings().SUPPORT_TIME_ZONE;
  const { filters, invalid } = metricsFiltersFromSearchParams(params, timeZone);
  const [metrics, t, format, locale, flows] = await Promise.all([
    ticketMetrics(agent, filters, { timeZone }),
    getTranslations("metrics"),
    getFormatter(),
    getLocale(),
    publishedFlows(),
  ]);

  const percent = (value: number | null) => (value === null ? t("none") : format.number(value, { style: "percent", maximumFractionDigits: 1 }));
  const duration = (seconds: number | null) => {
    if (seconds === null) return t("none");
    if (seconds < 3600) return t("duration.minutes", { value: format.number(seconds / 60, { maximumFractionDigits: 0 }) });
    if (seconds < 48 * 3600) return t("duration.hours", { value: format.number(seconds / 3600, { maximumFractionDigits: 1 }) });
    return t("duration.days", { value: format.number(seconds / 86400, { maximumFractionDigits: 1 }) });
  };
  const hours = (seconds: number | null) => (seconds === null ? null : seconds / 3600);
  const categoryName = (category: string) => t(`categories.${category}`);
  const language = isLanguage(locale) ? locale : "en";
  const stepName = (row: { category: (typeof TICKET_CATEGORIES)[number]; stepKey: string }) =>
    stepTitle(flows.find((flow) => flow.category === row.category), row.stepKey, language);
  const priorityName = (priority: string | null) => (priority ? t(`priorities.${priority}`) : t("times.all"));

  const total = metrics.days.reduce((sum, day) => sum + Object.values(day.counts).reduce((a, b) => a + b, 0), 0);
  const overallTimes = metrics.responseTimes[0]!;
  const overallSla = metrics.sla[0]!;
  const deflected = metrics.deflectionByCategory.reduce((sum, row) => sum + row.deflected, 0);
  const finished = metrics.deflectionByCategory.reduce((sum, row) => sum + row.finished, 0);
  const shownCategories = filters.category ? [filters.category] : [...TICKET_CATEGORIES];
  const steps = metrics.deflectionBySteps.slice(0, 20);

  return (
    <>
      <h1>{t("title")}</h1>
      <form method="get" action="/agent/metrics" className="panel form-stack" aria-label={t("filters")}>
        {invalid.length > 0 && (
          <p className="form-alert" role="alert">
            {t("invalidFilters", { names: invalid.join(", ") })}
          </p>
        )}
        <div className="form-row">
          <div className="field">
            <label htmlFor="metrics-from">{t("from")}</label>
            <input id="metrics-from" name="from" type="date" defaultValue={filters.from} required />
          </div>
          <div className="field">
            <label htmlFor="metrics-to">{t("to")}</label>
            <input id="metrics-to" name="to" type="date" defaultValue={filters.to} required />
          </div>
          <div className="field">
            <label htmlFor="metrics-category">{t("category")}</label>
            <select id="metrics-category" name="category" defaultValue={filters.category ?? ""}>
              <option value="">{t("any")}</option>
              {TICKET_CATEGORIES.map((category) => (
                <option key={category} value={category}>
                  {categoryName(category)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="metrics-priority">{t("priority")}</label>
            <select id="metrics-priority" name="priority" defaultValue={filters.priority ?? ""} aria-describedby="metrics-priority-note">
              <option value="">{t("any")}</option>
              {PRIORITIES.map((priority) => (
                <option key={priority} value={priority}>
                  {priorityName(priority)}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="button">
            {t("apply")}
          </button>
          <a className="button button-secondary" href="/agent/metrics">
            {t("reset")}
          </a>
        </div>
        <p id="metrics-priority-note" className="field-hint">
          {t("priorityNote")}
        </p>
      </form>

      <div className="stat-grid">
        <Stat label={t("summary.tickets")} value={format.number(total)} testId="metric-total" />
        <Stat label={t("summary.firstResponse")} value={duration(overallTimes.medianFirstResponseSeconds)} testId="metric-first-response" />
        <Stat label={t("summary.resolution")} value={duration(overallTimes.medianResolutionSeconds)} testId="metric-resolution" />
        <Stat label={t("summary.sla")} value={percent(overallSla.compliance)} testId="metric-sla" />
        <Stat label={t("summary.deflection")} value={percent(finished ? deflected / finished : null)} testId="metric-deflection" />
        <Stat
          label={t("summary.suggestionDeflection")}
          value={t("summary.suggestionDeflectionValue", { deflected: metrics.suggestions.deflected, opened: metrics.suggestions.opened })}
          testId="metric-suggestion-deflection"
        />
      </div>

      <div className="chart-grid">
        <ChartPanel id="per-day" title={t("perDay.title")} showData={t("showData")}
          chart={<MetricsChart locale={locale} stacked counts summary={`${t("perDay.title")}: ${format.number(total)}`}
            labels={metrics.days.map((day) => format.dateTime(new Date(`${day.day}T00:00:00Z`), { month: "numeric", day: "numeric", timeZone: "UTC" }))}
            series={shownCategories.map((category) => ({ label: categoryName(category), values: metrics.days.map((day) => day.counts[category]), color: CHART_COLORS[TICKET_CATEGORIES.indexOf(category)] }))} />}
          table={<DataTable headers={[t("perDay.day"), ...shownCategories.map(categoryName), t("perDay.total")]}
            rows={metrics.days.map((day) => [day.day, ...shownCategories.map((category) => format.number(day.counts[category])), format.number(shownCategories.reduce((sum, category) => sum + day.counts[category], 0))])} />}
        />

        <ChartPanel id="deflection" title={t("deflection.title")} description={t("deflection.description")} showData={t("showData")}
          chart={<MetricsChart locale={locale} percent summary={metrics.deflectionByCategory.map((row) => `${categoryName(row.category)} ${percent(row.rate)}`).join(", ")}
            labels={metrics.deflectionByCategory.map((row) => categoryName(row.category))}
            series={[{ label: t("deflection.rate"), values: metrics.deflectionByCategory.map((row) => row.rate) }]} />}
          table={<DataTable headers={[t("category"), t("deflection.finished"), t("deflection.deflected"), t("deflection.escalated"), t("deflection.abandoned"), t("deflection.rate")]}
            rows={metrics.deflectionByCategory.map((row) => [categoryName(row.category), format.number(row.finished), format.number(row.deflected), format.number(row.escalated), format.number(row.abandoned), percent(row.rate)])} />}
        />

        <ChartPanel id="steps" title={t("steps.title")} description={t("steps.description")} showData={t("showData")}
          chart={steps.length ? <MetricsChart locale={locale} percent horizontal summary={steps.map((row) => `${stepName(row)} ${percent(row.rate)}`).join(", ")}
            labels={steps.map(stepName)}
            series={[{ label: t("steps.rate"), values: steps.map((row) => row.rate) }]} /> : <p>{t("steps.empty")}</p>}
          table={<DataTable numericFrom={2} headers={[t("category"), t("steps.step"), t("steps.shown"), t("steps.solved"), t("steps.rate")]}
            rows={metrics.deflectionBySteps.map((row) => [categoryName(row.category), stepName(row), format.number(row.shown), format.number(row.solved), percent(row.rate)])} />}
        />

        <ChartPanel id="times" title={t("times.title")} showData={t("showData")}
          chart={<MetricsChart locale={locale} summary={metrics.responseTimes.map((row) => `${priorityName(row.priority)}: ${duration(row.medianFirstResponseSeconds)} / ${duration(row.medianResolutionSeconds)}`).join(", ")}
            labels={metrics.responseTimes.map((row) => priorityName(row.priority))}
            series={[
              { label: t("times.firstResponse"), values: metrics.responseTimes.map((row) => hours(row.medianFirstResponseSeconds)) },
              { label: t("times.resolution"), values: metrics.responseTimes.map((row) => hours(row.medianResolutionSeconds)) },
            ]} />}
          table={<DataTable headers={[t("priority"), t("times.responded"), t("summary.firstResponse"), t("times.resolved"), t("summary.resolution")]}
            rows={metrics.responseTimes.map((row) => [priorityName(row.priority), format.number(row.responded), duration(row.medianFirstResponseSeconds), format.number(row.resolved), duration(row.medianResolutionSeconds)])} />}
        />

        <ChartPanel id="sla" title={t("sla.title")} description={t("sla.description")} showData={t("showData")}
          chart={<MetricsChart locale={locale} percent summary={metrics.sla.map((row) => `${priorityName(row.priority)} ${percent(row.compliance)}`).join(", ")}
            labels={metrics.sla.map((row) => priorityName(row.priority))}
            series={[{ label: t("sla.compliance"), values: metrics.sla.map((row) => row.compliance) }]} />}
          table={<DataTable headers={[t("priority"), t("sla.met"), t("sla.late"), t("sla.breached"), t("sla.pending"), t("sla.compliance")]}
            rows={metrics.sla.map((row) => [priorityName(row.priority), format.number(row.met), format.number(row.late), format.number(row.breached), format.number(row.pending), percent(row.compliance)])} />}
        />

        <ChartPanel id="backlog" title={t("backlog.title")} description={t("backlog.description")} showData={t("showData")}
          chart={<MetricsChart locale={locale} counts summary={metrics.backlog.map((row) => `${t(`statuses.${row.status}`)} ${row.count}`).join(", ")}
            labels={metrics.backlog.map((row) => t(`statuses.${row.status}`))}
            series={[{ label: t("backlog.count"), values: metrics.backlog.map((row) => row.count) }]} />}
          table={<DataTable headers={[t("backlog.status"), t("backlog.count")]}
            rows={metrics.backlog.map((row) => [t(`statuses.${row.status}`), format.number(row.count)])} />}
        />
      </div>
    </>
  );
}

function Stat({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <div className="stat">
      <p className="stat-label">{label}</p>
      <p className="stat-value" data-testid={testId}>
        {value}
      </p>
    </div>
  );
}

function ChartPanel(props: { id: string; title: string; description?: string; showData: string; chart: ReactNode; table: ReactNode }) {
  return (
    <section className="panel chart-panel" aria-labelledby={`chart-${props.id}`} data-testid={`chart-${props.id}`}>
      <h2 id={`chart-${props.id}`}>{props.title}</h2>
      {props.description && <p className="field-hint">{props.description}</p>}
      {props.chart}
      <details className="chart-data">
        <summary>{props.showData}</summary>
        {props.table}
      </details>
    </section>
  );
}

/** The first column names the row; columns from `numericFrom` on are numbers, aligned right. */
function DataTable({ headers, rows, numericFrom = 1 }: { headers: string[]; rows: string[][]; numericFrom?: number }) {
  return (
    <div className="table-scroll">
      <table className="data-table">
        <thead>
          <tr>
            {headers.map((header, index) => (
              <th key={header} scope="col" className={index >= numericFrom ? "numeric" : undefined}>
                {header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.slice(0, 2).join("|")}>
              {row.map((cell, index) =>
                index === 0 ? (
                  <th key={index} scope="row">
                    {cell}
                  </th>
                ) : (
                  <td key={index} className={index >= numericFrom ? "numeric" : undefined}>
                    {cell}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

"use client";

import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from "chart.js";
import { useEffect, useRef } from "react";

// Only the pieces these bar charts use, so the bundle stays small.
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);

export const CHART_COLORS = ["#0b5fff", "#e07a00", "#1f9d55", "#b4237a", "#6b7280"];

export type ChartSeries = { label: string; values: (number | null)[]; color?: string };

type Props = {
  /** Read by screen readers in place of the picture; the same data is in the table below it. */
  summary: string;
  labels: string[];
  series: ChartSeries[];
  stacked?: boolean;
  horizontal?: boolean;
  /** values are fractions (0–1) shown as percentages */
  percent?: boolean;
  /** values are counts: no fractional axis ticks */
  counts?: boolean;
  locale: string;
};

export function MetricsChart({ summary, labels, series, stacked = false, horizontal = false, percent = false, counts = false, locale }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  // The chart is rebuilt when the data changes; serialising keeps the effect from re-running on
  // every render with equal but new arrays.
  const data = JSON.stringify({ labels, series });

  useEffect(() => {
    if (!canvas.current) return;
    const { labels, series } = JSON.parse(data) as { labels: string[]; series: ChartSeries[] };
    const format = new Intl.NumberFormat(locale, percent ? { style: "percent", maximumFractionDigits: 0 } : { maximumFractionDigits: 1 });
    const valueAxis = { stacked, beginAtZero: true, ...(percent ? { max: 1 } : {}), ticks: { precision: counts ? 0 : undefined, callback: (value: string | number) => format.format(Number(value)) } };
    const labelAxis = { stacked, ticks: { autoSkip: true, maxRotation: 0 } };
    const chart = new Chart(canvas.current, {
      type: "bar",
      data: {
        labels,
        datasets: series.map((entry, index) => ({
          label: entry.label,
          data: entry.values,
          backgroundColor: entry.color ?? CHART_COLORS[index % CHART_COLORS.length],
        })),
      },
      options: {
        indexAxis: horizontal ? "y" : "x",
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        locale,
        scales: horizontal ? { x: valueAxis, y: labelAxis } : { x: labelAxis, y: valueAxis },
        plugins: {
          legend: { display: series.length > 1, position: "bottom" },
          tooltip: { callbacks: { label: (item) => `${item.dataset.label}: ${item.raw === null ? "–" : format.format(Number(item.raw))}` } },
        },
      },
    });
    return () => chart.destroy();
  }, [data, stacked, horizontal, percent, counts, locale]);

  return (
    <div className="chart-canvas">
      <canvas ref={canvas} role="img" aria-label={summary} />
    </div>
  );
}

import type { Metrics } from './metrics.js';
import type { Family, Sample } from './cells.js';

/** Turns the metrics into what /metrics answers. */
export interface MetricsExporter {
  readonly contentType: string;
  render(): Promise<string>;
}

export type MetricsExporterFactory = (metrics: Metrics) => MetricsExporter;

export const PROMETHEUS_TEXT = 'text/plain; version=0.0.4; charset=utf-8';

/** Prometheus text exposition format, written by hand: what Workers (and the tests) use. */
export const textExporter: MetricsExporterFactory = (metrics) => ({
  contentType: PROMETHEUS_TEXT,
  render: async () => {
    const blocks = await Promise.all(metrics.all().map(renderFamily));
    return blocks.join('');
  },
});

async function renderFamily(family: Family): Promise<string> {
  const lines = [`# HELP ${family.name} ${family.help}`, `# TYPE ${family.name} ${family.type}`];
  for (const sample of await family.samples()) lines.push(`${family.name}${labelText(sample)} ${sample.value}`);
  return `${lines.join('\n')}\n`;
}

function labelText(sample: Sample): string {
  const pairs = Object.entries(sample.labels).map(([name, value]) => `${name}="${escapeLabel(value)}"`);
  return pairs.length === 0 ? '' : `{${pairs.join(',')}}`;
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { Family } from './cells.js';
import type { MetricsExporterFactory } from './exporter.js';

/**
 * Node and Bun: prom-client's registry, which adds the process metrics (CPU, memory, event-loop
 * lag, GC) and writes the exposition format. guildgate's own numbers still live in plain Cells;
 * each prom-client metric copies them in when scraped, so the request path never pays for
 * prom-client's per-call label hashing.
 */
export const promClientExporter: MetricsExporterFactory = (metrics) => {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  for (const family of metrics.all()) mirror(family, registry);
  return { contentType: registry.contentType, render: () => registry.metrics() };
};

function mirror(family: Family, registry: Registry): void {
  const options = { name: family.name, help: family.help, labelNames: [...family.labelNames], registers: [registry] };
  if (family.type === 'gauge') {
    new Gauge({
      ...options,
      async collect() {
        this.reset();
        for (const sample of await family.samples()) this.set(sample.labels, sample.value);
      },
    });
    return;
  }
  new Counter({
    ...options,
    async collect() {
      this.reset();
      for (const sample of await family.samples()) this.inc(sample.labels, sample.value);
    },
  });
}

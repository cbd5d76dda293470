import { useEffect, useRef, useState } from 'preact/hooks';
import { parseMetrics, pointBetween, type Point, type Scrape } from './metrics';

const EVERY_MS = 5000;
const KEEP = 60; // five minutes of points

/** Charts of `/metrics` over the last minutes, scraped every five seconds while this view is open. */
export function StatusView() {
  const [points, setPoints] = useState<Point[]>([]);
  const [error, setError] = useState<string>();
  const [token, setToken] = useState('');
  const tokenRef = useRef('');
  const last = useRef<Scrape | undefined>(undefined);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout>;
    const scrape = async () => {
      try {
        const headers: Record<string, string> = tokenRef.current ? { Authorization: `Bearer ${tokenRef.current}` } : {};
        const response = await fetch('/metrics', { headers, cache: 'no-store', credentials: 'omit' });
        if (response.status === 401) {
          setError('/metrics is closed: enter this guildgate\'s METRICS_TOKEN above (or start it with METRICS_PUBLIC=true).');
        } else if (!response.ok) {
          setError(`/metrics answered ${response.status}`);
        } else {
          const current = parseMetrics(await response.text());
          const point = pointBetween(last.current, current, Date.now());
          last.current = current;
          setError(undefined);
          setPoints((previous) => [...previous, point].slice(-KEEP));
        }
      } catch (failure) {
        setError(`Could not read /metrics: ${failure instanceof Error ? failure.message : String(failure)}`);
      }
      if (!stopped) timer = setTimeout(() => void scrape(), EVERY_MS);
    };
    void scrape();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, []);

  const percent = (value: number | undefined) => (value === undefined ? '—' : `${value.toFixed(value < 10 && value > 0 ? 1 : 0)} %`);
  const count = (value: number | undefined) => (value === undefined ? 'not reported' : String(Math.round(value)));
  return (
    <main id="main">
      <h2>Status</h2>
      <form class="card metrics-token" onSubmit={(event) => (event.preventDefault(), (tokenRef.current = token))}>
        <label for="metrics-token">Metrics token</label>
        <input id="metrics-token" type="password" autocomplete="off" value={token} onInput={(event) => setToken((event.target as HTMLInputElement).value)} aria-describedby="metrics-help" />
        <button type="submit">Use token</button>
        <p id="metrics-help" class="help">
          /metrics is closed unless this guildgate sets METRICS_TOKEN (enter it here) or METRICS_PUBLIC=true. Kept in this page only. Points every 5 s, last 5 minutes.
        </p>
      </form>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <div class="charts">
        <Chart title="Cache hit ratio" unit="%" points={points} value={(p) => (p.hitRatio === undefined ? undefined : p.hitRatio * 100)} max={100} show={percent} />
        <Chart title="Calls to Discord" unit="per 5 s" points={points} value={(p) => p.upstreamCalls} show={count} />
        <Chart title="429 answers" unit="per 5 s" points={points} value={(p) => p.rateLimited} show={count} />
        <Chart title="Invalid-request budget used" unit="%" points={points} value={(p) => p.budgetUsed} max={100} show={percent} />
        <Chart title="Sessions" unit="live" points={points} value={(p) => p.sessions} show={count} />
        <Chart title="Event streams" unit="open" points={points} value={(p) => p.streams} show={count} />
      </div>
    </main>
  );
}

const W = 320;
const H = 120;
const PAD = 28;

function Chart(props: { title: string; unit: string; points: Point[]; value(point: Point): number | undefined; max?: number; show(value: number | undefined): string }) {
  const values = props.points.map(props.value);
  const known = values.filter((value): value is number => value !== undefined);
  const top = props.max ?? Math.max(1, ...known) * 1.2;
  const now = values[values.length - 1];
  const x = (index: number) => PAD + ((W - PAD - 6) * index) / Math.max(1, KEEP - 1);
  const y = (value: number) => H - 18 - ((H - 30) * Math.min(value, top)) / top;
  const path = values
    .map((value, index) => (value === undefined ? '' : `${x(index + KEEP - values.length).toFixed(1)},${y(value).toFixed(1)}`))
    .filter(Boolean)
    .join(' ');
  const summary = `${props.title}: now ${props.show(now)}${known.length > 1 ? `, range ${props.show(Math.min(...known))} to ${props.show(Math.max(...known))}` : ''}`;
  return (
    <figure class="chart card">
      <figcaption>
        <span>{props.title}</span> <b>{props.show(now)}</b> <span class="unit">{props.unit}</span>
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={summary}>
        <line x1={PAD} y1={y(0)} x2={W - 6} y2={y(0)} class="axis" />
        <line x1={PAD} y1={y(top)} x2={W - 6} y2={y(top)} class="grid" />
        <text x={PAD - 4} y={y(top) + 4} class="tick" text-anchor="end">
          {Math.round(top)}
        </text>
        <text x={PAD - 4} y={y(0) + 4} class="tick" text-anchor="end">
          0
        </text>
        <text x={PAD} y={H - 2} class="tick">
          5 min ago
        </text>
        <text x={W - 6} y={H - 2} class="tick" text-anchor="end">
          now
        </text>
        {path && <polyline points={path} class="line" />}
        {known.length === 0 && (
          <text x={W / 2} y={H / 2} class="tick" text-anchor="middle">
            no data yet
          </text>
        )}
      </svg>
    </figure>
  );
}

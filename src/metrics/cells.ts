/**
 * The hot path's whole metrics cost: `cell.value++` on a Cell found once and kept. Label text is
 * built when a Cell is first made for a label set, never per request; exporters read the cells
 * only when /metrics is scraped.
 */
export interface Cell {
  value: number;
}

export interface Sample {
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

export interface Family {
  readonly name: string;
  readonly help: string;
  readonly type: 'counter' | 'gauge';
  readonly labelNames: readonly string[];
  samples(): Sample[] | Promise<Sample[]>;
}

/** A counter with one Cell per label set. */
export class CounterFamily implements Family {
  readonly type = 'counter' as const;
  private readonly cells = new Map<string, { labels: Record<string, string>; cell: Cell }>();

  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly string[],
  ) {}

  /** The Cell of these label values (in labelNames order); callers keep it, this builds a key. */
  cell(...values: string[]): Cell {
    const key = values.join('\u0000');
    let entry = this.cells.get(key);
    if (!entry) {
      const labels = Object.fromEntries(this.labelNames.map((name, i) => [name, values[i] ?? '']));
      entry = { labels, cell: { value: 0 } };
      this.cells.set(key, entry);
    }
    return entry.cell;
  }

  samples(): Sample[] {
    return [...this.cells.values()].map(({ labels, cell }) => ({ labels, value: cell.value }));
  }
}

/** A value read when scraped (sessions, clients, budget used). */
export class GaugeFamily implements Family {
  readonly type = 'gauge' as const;
  readonly labelNames = [] as const;

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly read: () => number | undefined | Promise<number | undefined>,
  ) {}

  async samples(): Promise<Sample[]> {
    const value = await this.read();
    return value === undefined ? [] : [{ labels: {}, value }];
  }
}

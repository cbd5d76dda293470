import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { call, messageOf, type Fetched } from './api';
import { live } from './live';

export interface Source {
  readonly cache: string | null;
  readonly age: string | null;
}

/** A read the panel shows: its data, where it came from, and a way to read it again. */
export interface Resource<T> {
  data: T | undefined;
  source: Source | undefined;
  error: string | undefined;
  loading: boolean;
  reload(fresh?: boolean): Promise<void>;
}

export function useResource<T>(path: string | null): Resource<T> {
  const [state, setState] = useState<{ data?: T; source?: Source; error?: string; loading: boolean }>({ loading: path !== null });
  const latest = useRef(0);
  const reload = useCallback(
    async (fresh = false) => {
      if (path === null) return;
      const ticket = ++latest.current;
      setState((previous) => ({ ...previous, loading: true }));
      try {
        const answer: Fetched<T> = await call<T>(path, { fresh });
        if (ticket === latest.current) setState({ data: answer.data, source: answer, loading: false });
      } catch (error) {
        if (ticket === latest.current) setState((previous) => ({ ...previous, error: messageOf(error), loading: false }));
      }
    },
    [path],
  );
  useEffect(() => {
    setState({ loading: path !== null });
    void reload();
  }, [reload]);
  return { ...state, reload } as Resource<T>;
}

/** Calls `refresh` when guildgate says a module of this guild changed (live updates). */
export function useLive(guildId: string, modules: readonly string[], refresh: () => void): void {
  const refreshRef = useRef(refresh);
  refreshRef.current = refresh;
  const key = modules.join(',');
  useEffect(
    () =>
      live.subscribe((event) => {
        if (event.type === 'invalidate' && event.guildId === guildId && key.split(',').includes(event.module)) refreshRef.current();
      }),
    [guildId, key],
  );
}

export function SourceLine({ source }: { source: Source | undefined }) {
  if (!source) return null;
  return (
    <p class="source">
      X-Cache <b>{source.cache ?? 'none'}</b> · Age <b>{source.age ?? '0'} s</b>
    </p>
  );
}

/** A titled panel with where its data came from and a refresh control that forces a fresh read. */
export function Panel(props: {
  title: string;
  id: string;
  source?: Source | undefined;
  loading?: boolean;
  onRefresh?: () => void;
  children: ComponentChildren;
  class?: string;
}) {
  const heading = `${props.id}-heading`;
  return (
    <section class={`panel ${props.class ?? ''}`} aria-labelledby={heading} aria-busy={props.loading ? 'true' : 'false'}>
      <header class="panel-head">
        <h3 id={heading}>{props.title}</h3>
        {props.onRefresh && (
          <button type="button" class="ghost" onClick={props.onRefresh} aria-label={`Refresh ${props.title.toLowerCase()} from Discord`} title="Skip the cache: ask Discord (?fresh=true)">
            ↻ Refresh
          </button>
        )}
      </header>
      <SourceLine source={props.source} />
      {props.children}
    </section>
  );
}

export function ErrorText({ error }: { error: string | undefined }) {
  return error ? (
    <p class="error" role="alert">
      {error}
    </p>
  ) : null;
}

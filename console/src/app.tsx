import { useEffect, useState } from 'preact/hooks';
import { call, whenSessionEnds, type Auth } from './api';
import { GuildList } from './guilds';
import { GuildView } from './guild';
import { live, type LiveState } from './live';
import { Login } from './login';
import { forget, restore } from './session';
import { StatusView } from './status';
import { displayName, type SessionInfo } from './types';

/** Where the console is: `#/guilds`, `#/guilds/<id>`, `#/guilds/<id>/<channelId>`, `#/status`. */
function useHash(): string[] {
  const read = () => location.hash.replace(/^#\/?/, '').split('/').filter(Boolean);
  const [parts, setParts] = useState(read);
  useEffect(() => {
    const changed = () => setParts(read());
    addEventListener('hashchange', changed);
    return () => removeEventListener('hashchange', changed);
  }, []);
  return parts;
}

export function App() {
  const [session, setSession] = useState<{ auth: Auth; info: SessionInfo } | null>();
  const [notice, setNotice] = useState<string>();
  const [liveState, setLiveState] = useState<LiveState>('off');
  const route = useHash();

  useEffect(() => {
    const denied = new URLSearchParams(location.search).get('oauth_error');
    if (denied) {
      setNotice(denied === 'access_denied' ? 'Discord login was cancelled.' : `Discord login failed (${denied}).`);
      history.replaceState(null, '', location.pathname + location.hash);
    }
    whenSessionEnds(() => end('Your session ended: log in again.'));
    void restore().then((restored) => (restored ? begin(restored) : setSession(null)));
    return live.onState(setLiveState);
  }, []);

  const begin = (started: { auth: Auth; info: SessionInfo }) => {
    setNotice(undefined);
    setSession(started);
    live.start();
    if (!location.hash.startsWith('#/')) location.hash = '#/guilds';
  };

  const end = (message: string) => {
    live.close();
    forget();
    setSession(null);
    setNotice(message);
    history.replaceState(null, '', location.pathname);
  };

  const logOut = async () => {
    try {
      await call('/api/auth/logout', { method: 'POST', anonymous: true });
    } catch {
      // gone already: forgetting it here is all that is left
    }
    end('Logged out.');
  };

  if (session === undefined) return <p class="loading" role="status">Loading…</p>;

  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <h1>
          <a href="#/guilds">guildgate console</a>
        </h1>
        {session && (
          <nav aria-label="Console">
            <a href="#/guilds" aria-current={route[0] === 'guilds' ? 'page' : undefined}>
              Guilds
            </a>
            <a href="#/status" aria-current={route[0] === 'status' ? 'page' : undefined}>
              Status
            </a>
            <span class={`live-badge ${liveState}`} role="status" aria-label={`Live updates: ${liveLabel(liveState)}`}>
              {liveLabel(liveState)}
            </span>
            <span class="who">
              {session.info.user ? `${displayName(session.info.user)} via ` : ''}
              {displayName(session.info.bot)}
            </span>
            <button type="button" class="ghost" onClick={logOut}>
              Log out
            </button>
          </nav>
        )}
      </header>
      {session ? <View route={route} session={session} /> : <Login notice={notice} onLoggedIn={(auth, info) => begin({ auth, info })} />}
    </>
  );
}

function View({ route, session }: { route: string[]; session: { auth: Auth; info: SessionInfo } }) {
  if (route[0] === 'status') return <StatusView />;
  if (route[0] === 'guilds' && route[1]) return <GuildView guildId={route[1]} channelId={route[2]} />;
  return <GuildList asUser={session.auth.kind === 'user'} />;
}

function liveLabel(state: LiveState): string {
  return state === 'live' ? 'Live' : state === 'connecting' ? 'Connecting…' : 'Not live';
}

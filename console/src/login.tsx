import { useEffect, useState } from 'preact/hooks';
import { messageOf, type Auth } from './api';
import { DISCORD_LOGIN_URL, discordLoginAvailable, expectDiscordLogin, logInWithToken } from './session';
import type { SessionInfo } from './types';

/** Sign in: a bot token, or "Log in with Discord" when this guildgate has OAuth configured. */
export function Login(props: { notice?: string | undefined; onLoggedIn(auth: Auth, info: SessionInfo): void }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [discord, setDiscord] = useState(false);

  useEffect(() => {
    void discordLoginAvailable().then(setDiscord);
  }, []);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const { auth, info } = await logInWithToken(token);
      setToken('');
      props.onLoggedIn(auth, info);
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" class="login">
      <h2>Sign in</h2>
      {props.notice && <p role="status" class="notice">{props.notice}</p>}
      <form onSubmit={submit} class="card">
        <label for="token">Bot token</label>
        <input id="token" name="token" type="password" autocomplete="off" spellcheck={false} required value={token} onInput={(event) => setToken((event.target as HTMLInputElement).value)} aria-describedby="token-help" />
        <p id="token-help" class="help">Sent once to this guildgate, which answers a session id kept in this tab only.</p>
        <button type="submit" disabled={busy}>
          Log in
        </button>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
      </form>
      {discord && (
        <div class="card">
          <p>Manage the guilds you run, as yourself:</p>
          <a class="button discord" href={DISCORD_LOGIN_URL} onClick={expectDiscordLogin}>
            Log in with Discord
          </a>
        </div>
      )}
    </main>
  );
}

import { useEffect } from 'preact/hooks';
import { live } from './live';
import { ErrorText, Panel, useResource } from './panel';
import type { Guild } from './types';

/** The bot's guilds; for a Discord login, the guilds the person manages, with "Add bot" where the bot is absent. */
export function GuildList({ asUser }: { asUser: boolean }) {
  const guilds = useResource<Guild[]>(asUser ? '/api/me/guilds' : '/api/guilds');
  useEffect(() => live.subscribe((event) => event.type === 'guild' && void guilds.reload()), [guilds.reload]);
  const list = [...(guilds.data ?? [])].sort((a, b) => Number(b.botInGuild !== false) - Number(a.botInGuild !== false) || a.name.localeCompare(b.name));
  return (
    <main id="main">
      <h2>{asUser ? 'Guilds you manage' : 'Guilds of this bot'}</h2>
      <Panel title="Guilds" id="guilds" source={guilds.source} loading={guilds.loading} onRefresh={() => void guilds.reload(true)}>
        <ErrorText error={guilds.error} />
        {guilds.data && list.length === 0 && <p>No guilds here yet.</p>}
        <ul class="guilds">
          {list.map((guild) => (
            <li key={guild.id} class="guild">
              <span class="initials" aria-hidden="true">
                {initials(guild.name)}
              </span>
              {guild.botInGuild === false ? (
                <>
                  <span class="name">{guild.name}</span>
                  {guild.inviteUrl && (
                    <a class="button small" href={guild.inviteUrl} target="_blank" rel="noopener noreferrer" aria-label={`Add bot to ${guild.name}`}>
                      Add bot
                    </a>
                  )}
                </>
              ) : (
                <a class="name" href={`#/guilds/${guild.id}`}>
                  {guild.name}
                </a>
              )}
            </li>
          ))}
        </ul>
      </Panel>
    </main>
  );
}

function initials(name: string): string {
  return name
    .split(/\s+/)
    .map((word) => word[0] ?? '')
    .join('')
    .slice(0, 2)
    .toUpperCase();
}

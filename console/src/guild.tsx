import { channelKind, ChannelIcon } from './icons';
import { MembersPanel } from './members';
import { MessagesPanel } from './messages';
import { ErrorText, Panel, useLive, useResource, type Resource } from './panel';
import type { Channel, Guild, Role } from './types';

/** Channel types whose messages can be read. */
const WITH_MESSAGES = new Set([0, 2, 5, 10, 11, 12, 13]);

export function GuildView({ guildId, channelId }: { guildId: string; channelId: string | undefined }) {
  const guild = useResource<Guild>(`/api/guilds/${guildId}`);
  const channels = useResource<Channel[]>(`/api/guilds/${guildId}/channels`);
  const roles = useResource<Role[]>(`/api/guilds/${guildId}/roles`);
  const manageable = useResource<Role[]>(`/api/guilds/${guildId}/roles?manageable=true`);
  useLive(guildId, ['GUILD'], () => void guild.reload());
  useLive(guildId, ['CHANNELS'], () => void channels.reload());
  useLive(guildId, ['ROLES'], () => {
    void roles.reload();
    void manageable.reload();
  });
  const assignable = new Set((manageable.data ?? []).filter((role) => role.id !== guildId && !role.managed).map((role) => role.id));
  const channel = channels.data?.find((candidate) => candidate.id === channelId);

  return (
    <main id="main" class="guild-view">
      <h2>
        <a href="#/guilds" class="back" aria-label="Back to guilds">
          ←
        </a>{' '}
        {guild.data?.name ?? 'Guild'}
      </h2>
      <ErrorText error={guild.error} />
      <div class="columns">
        <ChannelsPanel channels={channels} guildId={guildId} selected={channelId} />
        {channel && WITH_MESSAGES.has(channel.type) ? (
          <MessagesPanel key={channel.id} guildId={guildId} channel={channel} />
        ) : (
          <Panel title="Messages" id="messages">
            <p class="hint">{channel ? `A ${channelKind(channel.type).label.toLowerCase()} has no messages to show.` : 'Pick a channel to read its messages.'}</p>
          </Panel>
        )}
        <div class="stack">
          <RolesPanel roles={roles} assignable={assignable} guildId={guildId} onRefresh={() => (void roles.reload(true), void manageable.reload(true))} />
          <MembersPanel guildId={guildId} roles={roles.data ?? []} assignable={assignable} />
        </div>
      </div>
    </main>
  );
}

function ChannelsPanel({ channels, guildId, selected }: { channels: Resource<Channel[]>; guildId: string; selected: string | undefined }) {
  const groups = groupByCategory(channels.data ?? []);
  return (
    <Panel title="Channels" id="channels" source={channels.source} loading={channels.loading} onRefresh={() => void channels.reload(true)}>
      <ErrorText error={channels.error} />
      {groups.map(({ category, items }) => (
        <div class="category" key={category?.id ?? 'none'}>
          <h4 id={`cat-${category?.id ?? 'none'}`}>
            {category ? <ChannelIcon type={4} /> : null} {category?.name ?? 'No category'}
          </h4>
          <ul class="channels" aria-labelledby={`cat-${category?.id ?? 'none'}`}>
            {items.map((channel) => (
              <li key={channel.id}>
                <a href={`#/guilds/${guildId}/${channel.id}`} aria-current={channel.id === selected ? 'true' : undefined} class="channel">
                  <ChannelIcon type={channel.type} />
                  <span class="visually-hidden">{channelKind(channel.type).label}: </span>
                  {channel.name}
                </a>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </Panel>
  );
}

function groupByCategory(channels: Channel[]): { category: Channel | undefined; items: Channel[] }[] {
  const byPosition = (a: Channel, b: Channel) => (a.position ?? 0) - (b.position ?? 0) || a.id.localeCompare(b.id);
  const categories = channels.filter((channel) => channel.type === 4).sort(byPosition);
  const inside = (parent: string | undefined) => channels.filter((channel) => channel.type !== 4 && (channel.parent_id ?? undefined) === parent).sort(byPosition);
  const known = new Set(categories.map((category) => category.id));
  const loose = channels.filter((channel) => channel.type !== 4 && (!channel.parent_id || !known.has(channel.parent_id))).sort(byPosition);
  const groups = categories.map((category) => ({ category, items: inside(category.id) }));
  return loose.length > 0 ? [{ category: undefined, items: loose }, ...groups] : groups;
}

function RolesPanel({ roles, assignable, onRefresh }: { roles: Resource<Role[]>; assignable: Set<string>; guildId: string; onRefresh(): void }) {
  const sorted = [...(roles.data ?? [])].sort((a, b) => b.position - a.position);
  return (
    <Panel title="Roles" id="roles" source={roles.source} loading={roles.loading} onRefresh={onRefresh}>
      <ErrorText error={roles.error} />
      <ul class="roles">
        {sorted.map((role) => (
          <li key={role.id}>
            <span class="swatch" style={{ backgroundColor: role.color ? `#${role.color.toString(16).padStart(6, '0')}` : undefined }} aria-hidden="true" />
            {role.name}
            {assignable.has(role.id) && <span class="badge">assignable</span>}
            {role.managed && <span class="badge muted">managed</span>}
          </li>
        ))}
      </ul>
    </Panel>
  );
}

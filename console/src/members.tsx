import { useState } from 'preact/hooks';
import { call, messageOf } from './api';
import { ErrorText, Panel, useLive, useResource } from './panel';
import { displayName, type Member, type Role } from './types';

const PAGE = 25;

/** Members: one page at a time (after a user id), or Discord's search; adding and removing roles. */
export function MembersPanel({ guildId, roles, assignable }: { guildId: string; roles: Role[]; assignable: Set<string> }) {
  const [query, setQuery] = useState('');
  const [search, setSearch] = useState('');
  // The `after` of each page so far: the first page is after 0.
  const [pages, setPages] = useState<string[]>(['0']);
  const after = pages[pages.length - 1] ?? '0';
  const path = search
    ? `/api/guilds/${guildId}/members/search?query=${encodeURIComponent(search)}&limit=${PAGE}`
    : `/api/guilds/${guildId}/members?limit=${PAGE}&after=${after}`;
  const members = useResource<Member[]>(path);
  const [actionError, setActionError] = useState<string>();
  const [said, setSaid] = useState<string>();
  useLive(guildId, ['MEMBERS'], () => void members.reload());

  const change = async (member: Member, role: Role, add: boolean) => {
    setActionError(undefined);
    try {
      await call(`/api/guilds/${guildId}/members/${member.user?.id}/roles/${role.id}`, { method: add ? 'PUT' : 'DELETE' });
      setSaid(`${add ? 'Added' : 'Removed'} ${role.name} ${add ? 'to' : 'from'} ${displayName(member.user)}.`);
      await members.reload();
    } catch (error) {
      setActionError(messageOf(error));
    }
  };

  const list = members.data ?? [];
  const last = list[list.length - 1]?.user?.id;
  return (
    <Panel title="Members" id="members" source={members.source} loading={members.loading} onRefresh={() => void members.reload(true)}>
      <form
        class="search"
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          setSearch(query.trim());
          setPages(['0']);
        }}
      >
        <label for="member-search">Search members</label>
        <input id="member-search" type="search" value={query} onInput={(event) => setQuery((event.target as HTMLInputElement).value)} />
        <button type="submit">Search</button>
      </form>
      <ErrorText error={members.error ?? actionError} />
      {said && (
        <p class="said" role="status">
          {said}
        </p>
      )}
      <ul class="members">
        {list.map((member) => (
          <MemberRow key={member.user?.id} member={member} roles={roles} assignable={assignable} onChange={change} />
        ))}
      </ul>
      {members.data && list.length === 0 && <p>No members {search ? `match “${search}”` : 'here'}.</p>}
      <div class="pager">
        {search ? (
          <button type="button" onClick={() => (setSearch(''), setQuery(''))}>
            Clear search
          </button>
        ) : (
          <>
            <button type="button" disabled={pages.length < 2} onClick={() => setPages(pages.slice(0, -1))}>
              Previous page
            </button>
            <button type="button" disabled={list.length < PAGE || !last} onClick={() => last && setPages([...pages, last])}>
              Next page
            </button>
          </>
        )}
      </div>
    </Panel>
  );
}

function MemberRow(props: { member: Member; roles: Role[]; assignable: Set<string>; onChange(member: Member, role: Role, add: boolean): Promise<void> }) {
  const { member, roles, assignable } = props;
  const name = member.nick || displayName(member.user);
  const held = roles.filter((role) => member.roles.includes(role.id));
  const addable = roles.filter((role) => assignable.has(role.id) && !member.roles.includes(role.id));
  const [choice, setChoice] = useState('');
  const selectId = `add-${member.user?.id}`;
  return (
    <li class="member" aria-label={name}>
      <span class="name">{name}</span>
      <ul class="chips" aria-label={`Roles of ${name}`}>
        {held.map((role) => (
          <li key={role.id} class="chip">
            {role.name}
            {assignable.has(role.id) && (
              <button type="button" class="chip-remove" aria-label={`Remove ${role.name} from ${name}`} onClick={() => void props.onChange(member, role, false)}>
                ×
              </button>
            )}
          </li>
        ))}
      </ul>
      {addable.length > 0 && (
        <span class="add-role">
          <label for={selectId} class="visually-hidden">
            Role to add to {name}
          </label>
          <select id={selectId} value={choice} onChange={(event) => setChoice((event.target as HTMLSelectElement).value)}>
            <option value="">Add a role…</option>
            {addable.map((role) => (
              <option key={role.id} value={role.id}>
                {role.name}
              </option>
            ))}
          </select>
          <button
            type="button"
            aria-label={`Add role to ${name}`}
            disabled={!choice}
            onClick={() => {
              const role = roles.find((candidate) => candidate.id === choice);
              if (role) void props.onChange(member, role, true).then(() => setChoice(''));
            }}
          >
            Add
          </button>
        </span>
      )}
    </li>
  );
}

/** Channel type icons, drawn inline (no icon font, no CDN). Decorative: the type is also said in words. */
const PATHS: Record<string, string> = {
  text: 'M5 9h14M4 15h14M10 3 8 21M16 3l-2 18',
  voice: 'M4 9v6h4l5 4V5L8 9H4zm12 0a4 4 0 0 1 0 6m2-9a8 8 0 0 1 0 12',
  announcement: 'M3 10v4h3l8 5V5L6 10H3zm14-1v6m3-8v10',
  forum: 'M4 5h12v8H8l-4 3V5zm6 11h6l4 3V9h-2',
  stage: 'M12 3a3 3 0 0 1 3 3v5a3 3 0 0 1-6 0V6a3 3 0 0 1 3-3zM6 11a6 6 0 0 0 12 0M12 17v4',
  thread: 'M5 5h14v9H9l-4 4V5zM9 9h6',
  category: 'M3 6h7l2 2h9v11H3V6z',
  other: 'M5 5h14v14H5z',
};

const NAMES: Record<number, [string, string]> = {
  0: ['text', 'Text channel'],
  2: ['voice', 'Voice channel'],
  4: ['category', 'Category'],
  5: ['announcement', 'Announcement channel'],
  10: ['thread', 'Thread'],
  11: ['thread', 'Thread'],
  12: ['thread', 'Private thread'],
  13: ['stage', 'Stage channel'],
  15: ['forum', 'Forum channel'],
  16: ['forum', 'Media channel'],
};

export function channelKind(type: number): { icon: string; label: string } {
  const [icon, label] = NAMES[type] ?? ['other', 'Channel'];
  return { icon, label };
}

export function ChannelIcon({ type }: { type: number }) {
  const { icon } = channelKind(type);
  return (
    <svg class="icon" viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" focusable="false">
      <path d={PATHS[icon]} fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" />
    </svg>
  );
}

export type Route = { kind: 'panel' } | { kind: 'console'; section: string; arg: string | null };

/** `#/console/<section>/<arg>` is the console; anything else is the clerk panel. */
export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean);
  if (parts[0] !== 'console') return { kind: 'panel' };
  return {
    kind: 'console',
    section: parts[1] ?? 'dashboard',
    arg: parts[2] ? decodeURIComponent(parts[2]) : null,
  };
}

import type { JSX } from 'preact';

/**
 * Line pictograms drawn in the current text colour, so they follow the high-contrast mode.
 * Keys are the ones categories and priority groups carry; anything else gets a generic ticket.
 */
const PATHS = {
  'id-card': (
    <>
      <rect x="6" y="14" width="52" height="36" rx="4" />
      <circle cx="21" cy="29" r="6" />
      <path d="M12 44c2-6 16-6 18 0M36 26h14M36 34h14M36 42h9" />
    </>
  ),
  car: (
    <>
      <path d="M8 40v-8l6-12h36l6 12v8z" />
      <path d="M14 32h36" />
      <circle cx="19" cy="44" r="5" />
      <circle cx="45" cy="44" r="5" />
    </>
  ),
  'driving-licence': (
    <>
      <rect x="6" y="14" width="52" height="36" rx="4" />
      <circle cx="22" cy="32" r="9" />
      <path d="M22 23v18M13 32h18M38 26h12M38 34h12M38 42h8" />
    </>
  ),
  house: (
    <>
      <path d="M8 30 32 10l24 20" />
      <path d="M14 26v28h36V26" />
      <path d="M27 54V40h10v14" />
    </>
  ),
  coins: (
    <>
      <ellipse cx="26" cy="18" rx="16" ry="6" />
      <path d="M10 18v10c0 3 7 6 16 6s16-3 16-6V18" />
      <path d="M10 28v10c0 3 7 6 16 6" />
      <ellipse cx="40" cy="42" rx="14" ry="5" />
      <path d="M26 42v8c0 3 6 5 14 5s14-2 14-5v-8" />
    </>
  ),
  info: (
    <>
      <circle cx="32" cy="32" r="24" />
      <path d="M32 28v16M26 44h12" />
      <circle cx="32" cy="19" r="2.5" />
    </>
  ),
  disability: (
    <>
      <circle cx="30" cy="10" r="4" />
      <path d="M30 16v18h14l6 14" />
      <path d="M30 24h10" />
      <path d="M24 28a14 14 0 1 0 18 16" />
    </>
  ),
  pregnancy: (
    <>
      <circle cx="30" cy="10" r="5" />
      <path d="M28 17c-4 4-5 12-3 18 6 0 13 2 13 8 0 5-5 7-10 7" />
      <path d="M26 35v21M32 50v6" />
    </>
  ),
  senior: (
    <>
      <circle cx="28" cy="10" r="5" />
      <path d="M28 16c-3 5-4 12-4 18l-4 22M24 34l8 22M27 22l10 6" />
      <path d="M44 28v28" />
    </>
  ),
  child: (
    <>
      <circle cx="20" cy="14" r="5" />
      <path d="M20 20v16l-5 18M20 36l5 18M12 26h16" />
      <circle cx="44" cy="24" r="4" />
      <path d="M44 28v12l-4 14M44 40l4 14M38 32h12" />
    </>
  ),
  interpreter: (
    <>
      <path d="M14 56V30l6-12a3 3 0 0 1 5 2l-3 10h14a3 3 0 0 1 0 6h-8" />
      <path d="M36 36h8a3 3 0 0 1 0 6H30M30 42h12a3 3 0 0 1 0 6H28" />
      <path d="M42 14l6-6M46 22h8M38 10V2" />
    </>
  ),
  closed: (
    <>
      <rect x="14" y="28" width="36" height="28" rx="3" />
      <path d="M22 28v-8a10 10 0 0 1 20 0v8M32 38v8" />
    </>
  ),
  unavailable: (
    <>
      <circle cx="32" cy="32" r="24" />
      <path d="M15 49 49 15" />
    </>
  ),
  contrast: (
    <>
      <circle cx="32" cy="32" r="24" />
      <path d="M32 8a24 24 0 0 1 0 48z" fill="currentColor" />
    </>
  ),
  text: <path d="M6 52 18 20l12 32M10 42h16M34 52l10-28 10 28M37 44h14" />,
  speaker: (
    <>
      <path d="M8 24h10l14-12v40L18 40H8z" />
      <path d="M42 22a14 14 0 0 1 0 20M48 14a24 24 0 0 1 0 36" />
    </>
  ),
  ticket: (
    <>
      <path d="M8 18h48v10a4 4 0 0 0 0 8v10H8V36a4 4 0 0 0 0-8z" />
      <path d="M24 18v28" strokeDasharray="4 4" />
    </>
  ),
  warning: (
    <>
      <path d="M32 6 60 56H4z" />
      <path d="M32 24v16" />
      <circle cx="32" cy="47" r="2" />
    </>
  ),
} as const satisfies Record<string, JSX.Element>;

export type PictogramKey = keyof typeof PATHS;

export function Pictogram({ name, class: className }: { name: string | null; class?: string }) {
  const key = name && name in PATHS ? (name as PictogramKey) : 'ticket';
  return (
    <svg
      class={className ?? 'picto'}
      viewBox="0 0 64 64"
      aria-hidden="true"
      focusable="false"
      fill="none"
      stroke="currentColor"
      stroke-width="3.5"
      stroke-linecap="round"
      stroke-linejoin="round"
    >
      {PATHS[key]}
    </svg>
  );
}

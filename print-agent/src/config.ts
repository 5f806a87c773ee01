/** How the print agent is started: from the environment and its command line. */
export interface AgentConfig {
  /** The Numerek server, e.g. `https://numerek.city.example` (no path). */
  url: string;
  /** A pairing link's one-time code to use, if one was given. */
  pairingCode: string | null;
  /** Where the agent keeps its token and its journal. */
  dataDir: string;
  /** Whether printers may be on this computer's own or link-local addresses (tests, development). */
  allowLocal: boolean;
}

/** A setting the agent cannot start with; the message says what to change. */
export class AgentConfigError extends Error {
  override readonly name = 'AgentConfigError';
}

const CODE = /^[A-Za-z0-9_-]{16,128}$/;

/** The code of a pairing link (`…#pair=<code>`), or the code itself. */
export function pairingCodeOf(linkOrCode: string): string {
  const match = /[#&]pair=([^&]+)/.exec(linkOrCode);
  const code = decodeURIComponent(match?.[1] ?? linkOrCode).trim();
  if (!CODE.test(code)) {
    throw new AgentConfigError(
      'NUMEREK_PAIRING: give the pairing link from the console (…/print-agent/#pair=…) or its code.',
    );
  }
  return code;
}

/**
 * Reads the settings: `NUMEREK_URL` (the server; taken from the pairing link when left out),
 * `NUMEREK_PAIRING` or the first argument (a pairing link or its code, needed once),
 * `NUMEREK_AGENT_DATA` (default `print-agent-data` in the current folder) and
 * `PRINTER_ALLOW_LOCAL` (`true` lets printers be on loopback or link-local addresses).
 */
export function loadAgentConfig(
  env: Readonly<Record<string, string | undefined>>,
  args: readonly string[] = [],
): AgentConfig {
  const pairing = (args[0] ?? env.NUMEREK_PAIRING ?? '').trim();
  const linkOrigin = /^https?:\/\//.test(pairing) ? new URL(pairing).origin : null;
  const rawUrl = (env.NUMEREK_URL ?? '').trim() || linkOrigin;
  if (!rawUrl) {
    throw new AgentConfigError(
      'NUMEREK_URL: set the address of the Numerek server, e.g. https://numerek.city.example',
    );
  }
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw new AgentConfigError(
      `NUMEREK_URL: "${rawUrl}" is not an address, e.g. https://numerek.city.example`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new AgentConfigError(
      'NUMEREK_URL: the address must start with https:// (or http:// on a trusted network)',
    );
  }
  const allow = (env.PRINTER_ALLOW_LOCAL ?? 'false').trim().toLowerCase();
  if (allow !== 'true' && allow !== 'false') {
    throw new AgentConfigError('PRINTER_ALLOW_LOCAL: true or false');
  }
  return {
    url: url.origin,
    pairingCode: pairing ? pairingCodeOf(pairing) : null,
    dataDir: (env.NUMEREK_AGENT_DATA ?? '').trim() || 'print-agent-data',
    allowLocal: allow === 'true',
  };
}

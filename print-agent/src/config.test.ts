import { describe, expect, it } from 'vitest';
import { AgentConfigError, loadAgentConfig, pairingCodeOf } from './config.ts';

const CODE = 'Zx9_-abcdefghijklmnopqrstuvwxyz0123456789ABCD';

describe('the print agent’s settings', () => {
  it('takes the pairing code from a link or as it is', () => {
    expect(pairingCodeOf(`https://numerek.example/print-agent/#pair=${CODE}`)).toBe(CODE);
    expect(pairingCodeOf(CODE)).toBe(CODE);
    expect(() => pairingCodeOf('https://numerek.example/print-agent/')).toThrow(AgentConfigError);
  });

  it('finds the server in the pairing link when NUMEREK_URL is left out', () => {
    const config = loadAgentConfig({}, [`https://numerek.example:8443/print-agent/#pair=${CODE}`]);
    expect(config).toEqual({
      url: 'https://numerek.example:8443',
      pairingCode: CODE,
      dataDir: 'print-agent-data',
      allowLocal: false,
    });
  });

  it('reads NUMEREK_URL, NUMEREK_PAIRING, NUMEREK_AGENT_DATA and PRINTER_ALLOW_LOCAL', () => {
    expect(
      loadAgentConfig({
        NUMEREK_URL: 'http://10.0.0.5:3000/',
        NUMEREK_PAIRING: CODE,
        NUMEREK_AGENT_DATA: '/var/lib/numerek-agent',
        PRINTER_ALLOW_LOCAL: 'true',
      }),
    ).toEqual({
      url: 'http://10.0.0.5:3000',
      pairingCode: CODE,
      dataDir: '/var/lib/numerek-agent',
      allowLocal: true,
    });
    // Paired before: no code needed.
    expect(loadAgentConfig({ NUMEREK_URL: 'https://numerek.example' }).pairingCode).toBeNull();
  });

  it('says what to change when a setting is wrong', () => {
    expect(() => loadAgentConfig({})).toThrow(/NUMEREK_URL/);
    expect(() => loadAgentConfig({ NUMEREK_URL: 'numerek.example' })).toThrow(/NUMEREK_URL/);
    expect(() => loadAgentConfig({ NUMEREK_URL: 'ftp://numerek.example' })).toThrow(/https/);
    expect(() => loadAgentConfig({ NUMEREK_URL: 'https://n.example', PRINTER_ALLOW_LOCAL: 'yes' })).toThrow(
      /PRINTER_ALLOW_LOCAL/,
    );
  });
});

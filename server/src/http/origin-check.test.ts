import { describe, expect, it } from 'vitest';
import { foreignOrigin, trustedOrigins } from './origin-check.ts';

const trusted = trustedOrigins({
  publicUrl: 'http://192.168.1.10:3000',
  allowedOrigins: ['https://intranet.office.example'],
  allowedHosts: ['numerek.local'],
});
const host = '192.168.1.10:3000';

describe('foreignOrigin', () => {
  it('lets requests without Origin through: kiosks, displays and scripts are not browsers', () => {
    expect(foreignOrigin({ host }, trusted)).toBeNull();
    expect(foreignOrigin({ host, 'sec-fetch-site': 'same-origin' }, trusted)).toBeNull();
    expect(foreignOrigin({ host, 'sec-fetch-site': 'none' }, trusted)).toBeNull();
  });

  it('accepts the public address, the configured origins, and a page of its own under an address or an allowed host', () => {
    expect(foreignOrigin({ host, origin: 'http://192.168.1.10:3000' }, trusted)).toBeNull();
    expect(foreignOrigin({ host, origin: 'https://intranet.office.example' }, trusted)).toBeNull();
    expect(
      foreignOrigin({ host: 'numerek.local:3000', origin: 'http://numerek.local:3000' }, trusted),
    ).toBeNull();
    expect(foreignOrigin({ host: 'NUMEREK.local', origin: 'https://numerek.local' }, trusted)).toBeNull();
    // Reached by another of its addresses, which no other site can have as its origin.
    expect(foreignOrigin({ host: '10.0.0.5:3000', origin: 'http://10.0.0.5:3000' }, trusted)).toBeNull();
    expect(foreignOrigin({ host: '[fd00::5]:3000', origin: 'http://[fd00::5]:3000' }, trusted)).toBeNull();
    expect(foreignOrigin({ host: 'localhost:3000', origin: 'http://localhost:3000' }, trusted)).toBeNull();
  });

  it('refuses a DNS-rebinding page: its Origin matches the Host it chose, but the name is not the office’s', () => {
    for (const name of ['evil.example', 'evil.example:3000', '192.168.1.10.nip.evil.example:3000']) {
      expect(foreignOrigin({ host: name, origin: `http://${name}` }, trusted), name).toMatch(/ALLOWED_HOSTS/);
    }
  });

  it('refuses other origins, "null" and a cross-site fetch without Origin, saying what to do', () => {
    for (const origin of ['http://evil.example', 'http://192.168.1.10:3001', 'null', 'not a url']) {
      expect(foreignOrigin({ host, origin }, trusted), origin).toMatch(/ALLOWED_ORIGINS/);
    }
    expect(foreignOrigin({ host, origin: 'http://evil.example' }, trusted)).toContain(
      'open Numerek at http://192.168.1.10:3000',
    );
    expect(foreignOrigin({ host, 'sec-fetch-site': 'cross-site' }, trusted)).toMatch(/another site/);
    // A forged Host cannot help a page whose Origin differs from it.
    expect(foreignOrigin({ host: 'evil.example', origin: 'http://other.example' }, trusted)).not.toBeNull();
  });
});

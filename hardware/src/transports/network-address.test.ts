import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { isLocalAddress, printerAddress } from './network-address.ts';
import { TcpTransport } from './tcp.transport.ts';

describe('network printer addresses', () => {
  it('knows loopback and link-local addresses, also IPv4 inside IPv6', () => {
    for (const local of [
      '127.0.0.1',
      '127.200.1.1',
      '0.0.0.0',
      '169.254.169.254',
      '::1',
      '::',
      'fe80::1',
      '::ffff:127.0.0.1',
    ])
      expect(isLocalAddress(local), local).toBe(true);
    for (const remote of ['192.168.1.50', '10.0.0.7', '172.16.4.4', '2001:db8::5', '::ffff:192.168.1.50'])
      expect(isLocalAddress(remote), remote).toBe(false);
  });

  it('looks a name up once and refuses it when it leads to this machine, unless allowed', async () => {
    await expect(printerAddress('localhost', false)).rejects.toMatchObject({ name: 'LocalAddressError' });
    expect(isLocalAddress(await printerAddress('localhost', true))).toBe(true);
    expect(await printerAddress('192.168.1.50', false)).toBe('192.168.1.50');
  });

  describe('TcpTransport', () => {
    let server: net.Server | null = null;
    afterEach(async () => {
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
      server = null;
    });

    it('never connects to a service on this machine unless local printers are allowed', async () => {
      let connections = 0;
      server = net.createServer((s) => {
        connections++;
        s.destroy();
      });
      await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
      const port = (server.address() as net.AddressInfo).port;
      for (const host of ['127.0.0.1', 'localhost']) {
        await expect(new TcpTransport({ host, port }).open()).rejects.toMatchObject({
          name: 'LocalAddressError',
        });
      }
      expect(connections).toBe(0);
      const allowed = new TcpTransport({ host: '127.0.0.1', port, allowLocal: true });
      await allowed.open();
      await allowed.close();
      await expect.poll(() => connections).toBe(1);
    });
  });
});

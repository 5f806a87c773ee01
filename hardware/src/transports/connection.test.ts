import { describe, expect, it } from 'vitest';
import { parseConnection } from './connection.ts';

describe('parseConnection', () => {
  it('parses every documented form', () => {
    expect(parseConnection('tcp://192.168.1.50:9100')).toEqual({
      kind: 'tcp',
      host: '192.168.1.50',
      port: 9100,
    });
    expect(parseConnection('tcp://printer-1.local:9100')).toEqual({
      kind: 'tcp',
      host: 'printer-1.local',
      port: 9100,
    });
    expect(parseConnection('tcp://[::1]:9100')).toEqual({ kind: 'tcp', host: '::1', port: 9100 });
    expect(parseConnection('usb:/dev/usb/lp0')).toEqual({ kind: 'usb', path: '/dev/usb/lp0' });
    expect(parseConnection('serial:/dev/ttyUSB0?baud=19200')).toEqual({
      kind: 'serial',
      path: '/dev/ttyUSB0',
      baudRate: 19200,
    });
    expect(parseConnection('serial:/dev/ttyS0')).toEqual({
      kind: 'serial',
      path: '/dev/ttyS0',
      baudRate: 19200,
    });
    expect(parseConnection('virtual')).toEqual({ kind: 'virtual' });
  });

  it('refuses malformed strings with a message naming the expected form', () => {
    expect(() => parseConnection('tcp://host')).toThrow(/tcp:\/\/host:port/);
    expect(() => parseConnection('tcp://host:70000')).toThrow(/tcp/);
    expect(() => parseConnection('usb:lp0')).toThrow(/usb:\/dev/);
    expect(() => parseConnection('serial:/dev/ttyUSB0?baud=fast')).toThrow(/serial/);
    expect(() => parseConnection('tcp://host:0')).toThrow(/tcp/);
    expect(() => parseConnection('serial:/dev/ttyUSB0?baud=000')).toThrow(/serial/);
    expect(() => parseConnection('serial:/dev/ttyUSB0?baud=9999999')).toThrow(/serial/);
    expect(() => parseConnection('lpt1')).toThrow(/virtual/);
  });

  it('refuses device paths that are not plain names under /dev', () => {
    for (const bad of [
      'usb:/dev/../var/lib/numerek/numerek.sqlite',
      'usb:/dev/usb/../../etc/passwd',
      'usb:/dev/./lp0',
      'usb:/dev/',
      'serial:/dev/../tmp/x?baud=9600',
      'serial:/dev/.hidden',
    ])
      expect(() => parseConnection(bad), bad).toThrow(/expected/);
  });
});

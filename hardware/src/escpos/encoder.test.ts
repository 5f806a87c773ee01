import { describe, expect, it } from 'vitest';
import { cyrillicSelection, latinSelection } from './code-pages.ts';
import { decodeEscPos } from './decoder.ts';
import { EscPosEncoder } from './encoder.ts';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

const encoder = (
  codePage: Parameters<typeof latinSelection>[0] = 'cp852',
  cyr: 'cp866' | 'wpc1251' = 'cp866',
) => new EscPosEncoder({ latin: latinSelection(codePage), cyrillic: cyrillicSelection(cyr, codePage) });

describe('EscPosEncoder', () => {
  it('initialises, leaves double-byte mode and re-selects the code page after ESC @', () => {
    expect(hex(encoder('cp852').init().bytes())).toBe('1b401c2e1b7412');
    expect(hex(encoder('cp1250').init().bytes())).toBe('1b401c2e1b742d');
    expect(hex(encoder('cp1250-72').init().bytes())).toBe('1b401c2e1b7448');
    expect(hex(encoder('star-cp852').init().bytes())).toBe('1b401c2e1b1d7405');
    expect(hex(encoder('star-cp1250').init().bytes())).toBe('1b401c2e1b1d7421');
  });

  it('encodes every Polish letter in CP852 and CP1250 exactly as the printer tables say', () => {
    const letters = 'ąęłńóśźżĄĘŁŃÓŚŹŻ';
    const body = (cp: 'cp852' | 'cp1250') => hex(encoder(cp).init().text(letters).bytes()).slice(14);
    expect(body('cp852')).toBe('a5a988e4a298abbea4a89de3e0978dbd');
    expect(body('cp1250')).toBe('b9eab3f1f39c9fbfa5caa3d1d38c8faf');
  });

  it('replaces an en dash with "-" where the page lacks it, and keeps it where it exists', () => {
    expect(hex(encoder('cp852').text('5–15').bytes())).toBe('1b7412352d3135');
    expect(hex(encoder('cp1250').text('5–15').bytes())).toBe('1b742d35963135');
    expect(decodeEscPos(encoder('cp852').text('„a” … b').bytes()).text).toBe('"a" ... b');
  });

  it('never prints "?" for text it can spell: accents are dropped, Ukrainian falls back', () => {
    expect(decodeEscPos(encoder('cp852').text('Señor Øre').bytes()).text).not.toContain('?');
    const uk = encoder('cp852', 'cp866').init().text('Їжак і Ґанок').bytes();
    expect(decodeEscPos(uk).text).toBe('Їжак i Ганок');
    const uk1251 = encoder('cp852', 'wpc1251').init().text('Їжак і Ґанок').bytes();
    expect(decodeEscPos(uk1251).text).toBe('Їжак і Ґанок');
  });

  it('switches between the Latin and the Cyrillic table only where needed', () => {
    const bytes = encoder('cp852', 'cp866').init().text('Łódź: Київ 1').bytes();
    // init + ESC t 18, "Łódź: ", ESC t 17, "Київ 1"
    expect(hex(bytes)).toBe('1b401c2e1b74129da264ab3a201b74118aa8f5a22031');
    expect(decodeEscPos(bytes).text).toBe('Łódź: Київ 1');
  });

  it('selects the Latin table before text even without init', () => {
    expect(hex(encoder('cp1250').text('a').bytes())).toBe('1b742d61');
  });

  it('turns control characters in text into spaces so text cannot carry commands', () => {
    expect(hex(encoder().init().text('a\x1b@b\n').bytes()).slice(14)).toBe('6120406220');
  });

  it('emits sizes, bold, alignment and the three cut modes', () => {
    expect(hex(encoder().size(4).bytes())).toBe('1d2133');
    expect(hex(encoder().size(1).bytes())).toBe('1d2100');
    expect(hex(encoder().bold(true).align('center').bytes())).toBe('1b45011b6101');
    expect(hex(encoder().cut('full').bytes())).toBe('1d564200');
    expect(hex(encoder().cut('partial').bytes())).toBe('1d564201');
    expect(hex(encoder().cut('none').bytes())).toBe('1b6405');
  });

  it('sends a style only when it changes (ESC @ resets to left, normal, 1x)', () => {
    const e = encoder().init();
    const start = e.bytes().length;
    expect(e.align('left').bold(false).size(1).bytes().length).toBe(start);
    expect(hex(e.bold(true).bold(true).size(2).size(2).bytes().slice(start))).toBe('1b45011d2111');
  });

  it('emits the native QR: model 2, module size, level M, store length = data + 3, print', () => {
    const bytes = encoder().qr('https://x/t/1', { moduleSize: 6 }).bytes();
    expect(hex(bytes)).toBe(
      '1d286b0400314132001d286b03003143061d286b03003145311d286b1000315030' +
        Buffer.from('https://x/t/1').toString('hex') +
        '1d286b0300315130',
    );
    expect(decodeEscPos(bytes).qr).toEqual(['https://x/t/1']);
  });
});

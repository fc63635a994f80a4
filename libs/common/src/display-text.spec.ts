import { isSafeDisplayText } from './display-text';

describe('isSafeDisplayText', () => {
  it.each([
    ['a Devanagari name shaped with ZWJ and ZWNJ', 'श्\u200Dयाम क्\u200Cषेत्री'],
    ['a Persian name with ZWNJ', 'محمد\u200Cعلی'],
    ['an emoji ZWJ sequence with a variation selector', 'Migrant Forum 👩\u200D👩\u200D👧 ❤️'],
    ['a right-to-left mark', 'IOM \u200Fالمنظمة'],
    ['plain Latin with diacritics', 'Trần Thị Ngọc Ánh'],
  ])('keeps %s', (_, text) => {
    expect(isSafeDisplayText(text)).toBe(true);
  });

  it.each([
    ['NUL', 'Ana\u0000'],
    ['a tab', 'Ana\tBel'],
    ['a line feed', 'Ana\nSecretariat'],
    ['ESC', '\u001B[31mAna'],
    ['DEL', 'Ana\u007F'],
    ['a C1 control', 'Ana\u0085'],
    ['RIGHT-TO-LEFT OVERRIDE', 'invoice\u202Egpj.exe'],
    ['LEFT-TO-RIGHT EMBEDDING', '\u202AAna'],
    ['POP DIRECTIONAL FORMATTING', 'Ana\u202C'],
    ['FIRST STRONG ISOLATE', '\u2068Ana'],
    ['POP DIRECTIONAL ISOLATE', 'Ana\u2069'],
  ])('rejects %s', (_, text) => {
    expect(isSafeDisplayText(text)).toBe(false);
  });

  it('rejects what is not a string', () => {
    expect(isSafeDisplayText(42)).toBe(false);
  });
});

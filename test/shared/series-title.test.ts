/** R-SERIES-CARRY: the next session's title counts up the session's number, and only that. */
import { describe, expect, it } from 'vitest';
import { seriesTitle } from '../../shared/series-title.ts';

describe('seriesTitle', () => {
  it('R-SERIES-CARRY: counts up the trailing number and swaps the theme', () => {
    expect(seriesTitle('Lerend netwerk sessie 6: Armoede', 'Armoede', 'Dekolonisering')).toBe('Lerend netwerk sessie 7: Dekolonisering');
    expect(seriesTitle('Lerend netwerk sessie 6', undefined, undefined)).toBe('Lerend netwerk sessie 7');
    expect(seriesTitle('Hapje!Klapje! 9 (Gent)', undefined, undefined)).toBe('Hapje!Klapje! 10 (Gent)');
  });

  it('R-SERIES-CARRY: keeps leading zeros and leaves a grouped or decimal number alone', () => {
    expect(seriesTitle('Sessie 06', undefined, undefined)).toBe('Sessie 07');
    expect(seriesTitle('Stadsgesprek: 5.000 stemmen', undefined, undefined)).toBe('Stadsgesprek: 5.000 stemmen');
    expect(seriesTitle('Budget 2,5 miljoen', undefined, 'Wijken')).toBe('Budget 2,5 miljoen: Wijken');
    expect(seriesTitle('Zonder nummer', undefined, 'Thema')).toBe('Zonder nummer: Thema');
  });
});

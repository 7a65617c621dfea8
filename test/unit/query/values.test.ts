import { describe, expect, it } from 'vitest';
import {
  dateRangeInterval,
  parseBooleanValue,
  parseDatePeriod,
  parseNumberValue,
} from '../../../common/query/index.ts';

const iso = (time: number) => new Date(time).toISOString();
const period = (text: string) => {
  const found = parseDatePeriod(text);
  return found && { start: iso(found.start), next: iso(found.next) };
};

describe('parseDatePeriod', () => {
  it.each([
    ['2017', '2017-01-01T00:00:00.000Z', '2018-01-01T00:00:00.000Z'],
    ['2017-11', '2017-11-01T00:00:00.000Z', '2017-12-01T00:00:00.000Z'],
    ['2017-12', '2017-12-01T00:00:00.000Z', '2018-01-01T00:00:00.000Z'],
    ['2016-02-29', '2016-02-29T00:00:00.000Z', '2016-03-01T00:00:00.000Z'],
    ['2017-11-02T10', '2017-11-02T10:00:00.000Z', '2017-11-02T11:00:00.000Z'],
    ['2017-11-02T10:30', '2017-11-02T10:30:00.000Z', '2017-11-02T10:31:00.000Z'],
    ['2017-11-02T10:30:15Z', '2017-11-02T10:30:15.000Z', '2017-11-02T10:30:16.000Z'],
    ['2017-11-02T10:30:15.250Z', '2017-11-02T10:30:15.250Z', '2017-11-02T10:30:15.251Z'],
    ['2017-11-02T10:30:15.5', '2017-11-02T10:30:15.500Z', '2017-11-02T10:30:15.501Z'],
    ['2017-11-02T10:30+02:00', '2017-11-02T08:30:00.000Z', '2017-11-02T08:31:00.000Z'],
    ['2017-11-02T10:30-0130', '2017-11-02T12:00:00.000Z', '2017-11-02T12:01:00.000Z'],
    ['0050-06', '0050-06-01T00:00:00.000Z', '0050-07-01T00:00:00.000Z'],
  ])('%s is [%s, %s)', (text, start, next) => {
    expect(period(text)).toEqual({ start, next });
  });

  it.each([
    '17',
    '2017-1',
    '2017-13',
    '2017-02-29',
    '2017-11-31',
    '2017-11-02T24',
    '2017-11-02 10:00',
    'now',
    '2017-11Z',
    '',
  ])('refuses %j', (text) => {
    expect(parseDatePeriod(text)).toBeNull();
  });
});

describe('parseNumberValue and parseBooleanValue', () => {
  it('reads numbers as Elasticsearch would, and nothing else', () => {
    expect(['12', '-3', '+4', '2.5', '.5', '1e3'].map(parseNumberValue)).toEqual([12, -3, 4, 2.5, 0.5, 1000]);
    expect(['', 'ten', '1,5', '0x10', 'Infinity', '1 2'].map(parseNumberValue)).toEqual([
      null,
      null,
      null,
      null,
      null,
      null,
    ]);
  });

  it('reads only lower-case true and false', () => {
    expect(['true', 'false', 'TRUE', '1', 'yes'].map(parseBooleanValue)).toEqual([true, false, null, null, null]);
  });
});

describe('dateRangeInterval', () => {
  const bound = (value: string | null, inclusive: boolean) => ({ value, inclusive, quoted: false, start: 0, end: 0 });
  const interval = (lower: string | null, lowerIn: boolean, upper: string | null, upperIn: boolean) => {
    const found = dateRangeInterval(bound(lower, lowerIn), bound(upper, upperIn));
    return found && [found.from, found.to].map((time) => (Number.isFinite(time) ? iso(time) : time));
  };

  it('takes in the whole period of an inclusive end and leaves out the whole period of an exclusive one', () => {
    expect(interval('2017-11', true, '2017-12', true)).toEqual([
      '2017-11-01T00:00:00.000Z',
      '2018-01-01T00:00:00.000Z',
    ]);
    expect(interval('2017-11', true, '2017-12', false)).toEqual([
      '2017-11-01T00:00:00.000Z',
      '2017-12-01T00:00:00.000Z',
    ]);
    expect(interval('2017-11', false, '2017-12', true)).toEqual([
      '2017-12-01T00:00:00.000Z',
      '2018-01-01T00:00:00.000Z',
    ]);
    expect(interval('2017-11', false, null, true)).toEqual(['2017-12-01T00:00:00.000Z', Infinity]);
    expect(interval(null, false, '2017-12-01', true)).toEqual([-Infinity, '2017-12-02T00:00:00.000Z']);
    expect(interval('2017', true, 'soon', true)).toBeNull();
  });
});

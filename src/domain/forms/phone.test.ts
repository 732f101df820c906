import { describe, expect, it } from 'vitest';
import { parsePhone, parsePhones } from './phone';

describe('phone numbers as clerks write them', () => {
  it.each([
    // mobiles
    ['13812345678', '13812345678'],
    ['138 1234 5678', '13812345678'],
    ['138-1234-5678', '13812345678'],
    ['+86 138 1234 5678', '13812345678'],
    ['+8613812345678', '13812345678'],
    ['8613812345678', '13812345678'],
    ['１３８１２３４５６７８', '13812345678'],
    // landlines with area code
    ['0871-63612345', '0871-63612345'],
    ['087163612345', '0871-63612345'],
    ['0871 6361 2345', '0871-63612345'],
    ['(0871)63612345', '0871-63612345'],
    ['（0871）63612345', '0871-63612345'],
    ['010-12345678', '010-12345678'],
    ['0874-3123456', '0874-3123456'],
    // without area code
    ['63612345', '63612345'],
    ['6361-2345', '63612345'],
    // extensions
    ['0871-63612345转8001', '0871-63612345转8001'],
    ['0871-63612345-8001', '0871-63612345转8001'],
    ['0871-63612345 ext. 8001', '0871-63612345转8001'],
    ['63612345 分机 8001', '63612345转8001'],
    ['63612345转8001', '63612345转8001'],
    // several in one cell
    ['0871-63612345、13812345678', '0871-63612345、13812345678'],
    ['0871-63612345，13812345678', '0871-63612345、13812345678'],
    ['0871-63612345; 13812345678', '0871-63612345、13812345678'],
    ['0871-63612345/13812345678', '0871-63612345、13812345678'],
    ['0871-63612345\n13812345678', '0871-63612345、13812345678'],
    ['0871-63612345 13812345678', '0871-63612345、13812345678'],
  ])('accepts %j as %j', (input, normalised) => {
    const r = parsePhones(input);
    expect(r).toMatchObject({ ok: true, normalised });
  });

  it.each([
    ['12812345678'], // no such mobile prefix
    ['1381234567'], // ten digits
    ['138123456789'], // twelve digits
    ['871-63612345'], // area code without its 0
    ['0871-636123'], // too short a local number
    ['6361234'.slice(0, 5)], // five digits
    ['abc'],
    ['0871-63612345转'], // an extension with no digits
    ['13812345678转8001'], // a mobile takes no extension
    ['0871-63612345、'.repeat(1) + '电话'],
    ['无'],
  ])('refuses %j', (input) => {
    expect(parsePhones(input).ok).toBe(false);
  });

  it('names the piece that is not a number', () => {
    expect(parsePhones('0871-63612345、办公室')).toEqual({ ok: false, part: '办公室', reason: 'not_a_number' });
  });

  it('a mobile-only field refuses a landline, naming it', () => {
    expect(parsePhones('13812345678、0871-63612345', { mobileOnly: true })).toEqual({ ok: false, part: '0871-63612345', reason: 'not_mobile' });
    expect(parsePhones('+86 138 1234 5678', { mobileOnly: true })).toMatchObject({ ok: true, normalised: '13812345678' });
  });

  it('tells a mobile from a landline', () => {
    expect(parsePhone('13812345678')?.kind).toBe('mobile');
    expect(parsePhone('0871-63612345转8001')?.kind).toBe('landline');
  });
});

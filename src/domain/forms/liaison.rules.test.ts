import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadCampaignFile } from '../campaign/campaign.load';
import type { LiaisonField } from '../campaign/campaign.schema';
import { diffValues, normaliseLiaisonValues, validateLiaisonValues } from './liaison.rules';

const referencePath = fileURLToPath(new URL('../../../campaigns/kunming-2022.yaml', import.meta.url));

function fields(): LiaisonField[] {
  const r = loadCampaignFile(referencePath);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.campaign.forms.liaison.fields;
}

const valid = {
  liaison_name: '张三', liaison_position: '科员', liaison_office_phone: '0871-63104019', liaison_mobile: '13888888888',
  liaison_email: 'zhangsan@km.gov.cn', leader_name: '李四', leader_position: '副局长', leader_phone: '0871-63104020',
};

describe('validateLiaisonValues against the reference form', () => {
  it('accepts a complete form; the fax may be left out', () => {
    expect(validateLiaisonValues(fields(), valid)).toEqual([]);
    expect(validateLiaisonValues(fields(), { ...valid, liaison_fax: '087163104021' })).toEqual([]);
  });

  it('names every missing required field, in form order', () => {
    expect(validateLiaisonValues(fields(), {}).map((e) => e.key)).toEqual([
      'liaison_name', 'liaison_position', 'liaison_office_phone', 'liaison_mobile', 'liaison_email', 'leader_name', 'leader_position', 'leader_phone',
    ]);
    expect(validateLiaisonValues(fields(), { ...valid, leader_name: '   ' })).toEqual([{ key: 'leader_name', code: 'required' }]);
  });

  it.each([
    ['13888888888', true], ['19912345678', true], ['+8613888888888', true], ['138 8888 8888', true], ['12888888888', false], ['1388888888', false],
    ['138888888889', false], ['1388888888a', false], ['0871-63104019', false],
  ])('mobile %s → %s', (mobile, ok) => {
    expect(validateLiaisonValues(fields(), { ...valid, liaison_mobile: mobile })).toMatchObject(ok ? [] : [{ key: 'liaison_mobile', code: 'mobile' }]);
  });

  it.each([
    ['0871-63104019', true], ['087163104019', true], ['010-12345678', true], ['0871-63104019-123', true], ['0871-6310401', true],
    ['63104019', true], ['0871 63104019', true], ['13888888888', true], ['0871-63104019转8001', true], ['0871-63104019、13888888888', true],
    ['871-63104019', false], ['0871-631040', false], ['办公室', false],
  ])('office phone %s → %s', (phone, ok) => {
    expect(validateLiaisonValues(fields(), { ...valid, liaison_office_phone: phone })).toMatchObject(ok ? [] : [{ key: 'liaison_office_phone', code: 'phone' }]);
  });

  it.each([['a@b.cn', true], ['zhang.san@km.gov.cn', true], ['zhangsan', false], ['a@b', false], ['a b@c.cn', false], ['@c.cn', false]])(
    'email %s → %s', (email, ok) => {
      expect(validateLiaisonValues(fields(), { ...valid, liaison_email: email })).toEqual(ok ? [] : [{ key: 'liaison_email', code: 'email' }]);
    },
  );

  it('refuses a value of a field the form does not have, and an over-long value', () => {
    expect(validateLiaisonValues(fields(), { ...valid, shoe_size: '42' })).toEqual([{ key: 'shoe_size', code: 'unknown_field' }]);
    expect(validateLiaisonValues(fields(), { ...valid, liaison_name: '张'.repeat(201) })).toEqual([{ key: 'liaison_name', code: 'too_long' }]);
  });

  it('checks an optional field only when it is filled', () => {
    expect(validateLiaisonValues(fields(), { ...valid, liaison_fax: 'fax' })).toEqual([{ key: 'liaison_fax', code: 'phone', part: 'fax' }]);
  });
});

describe('normaliseLiaisonValues', () => {
  it('trims and drops empty and non-text values', () => {
    expect(normaliseLiaisonValues({ a: ' x ', b: '  ', c: 3, d: null })).toEqual({ a: 'x' });
  });
});

describe('diffValues', () => {
  it('lists every field added, changed or removed, by key', () => {
    expect(diffValues({ a: '1', b: '2', c: '3' }, { a: '1', b: '20', d: '4' })).toEqual([
      { key: 'b', before: '2', after: '20' },
      { key: 'c', before: '3', after: null },
      { key: 'd', before: null, after: '4' },
    ]);
  });

  it('treats no previous version as all fields added, and equal versions as no change', () => {
    expect(diffValues(null, { a: '1' })).toEqual([{ key: 'a', before: null, after: '1' }]);
    expect(diffValues({ a: '1' }, { a: '1' })).toEqual([]);
  });
});

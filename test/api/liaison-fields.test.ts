import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { describeDb, type TestApp } from '../support/harness';
import { startCampaignApp } from '../support/factories';
import type { Client } from '../support/client';
import { editCampaign } from '../support/campaign-edit';
import { expectError } from '../support/api';

/* Liaison fields of other types, added to the campaign as data: a number, a date and a choice. */

const START = new Date('2022-05-20T10:00:00+08:00');
const VALID = {
  liaison_name: '张三', liaison_position: '科员', liaison_office_phone: '0871-63104019', liaison_mobile: '13888888888',
  liaison_email: 'zhangsan@km.gov.cn', leader_name: '李四', leader_position: '副局长', leader_phone: '0871-63104020',
};

describeDb('liaisons: number, date and choice fields', () => {
  let t: TestApp;
  let admin: Client;
  let wuhua: Client;
  let panlong: Client;
  let base: string;

  beforeAll(async () => {
    ({ t, admin, wuhua, panlong } = await startCampaignApp());
    base = `/api/campaigns/${t.campaignId}/liaisons`;
    await editCampaign(t, admin, (def) => {
      def.forms.liaison.fields.push(
        { key: 'staff_count', label: { zh: '安全管理人员数', en: 'Safety staff' }, type: 'number', required: true, group: 'liaison' },
        { key: 'appointed_on', label: { zh: '任职日期', en: 'Appointed on' }, type: 'date', required: false, group: 'liaison' },
        {
          key: 'leader_rank', label: { zh: '分管领导级别', en: 'Leader\'s rank' }, type: 'choice', required: true, group: 'leader',
          options: [{ zh: '正职', en: 'Head' }, { zh: '副职', en: 'Deputy' }],
        },
      );
    });
  });
  beforeEach(() => { t.clock.now = START; });
  afterAll(async () => t?.close());

  it('gives the form its new fields with the choice\'s options', async () => {
    const r = await wuhua.get(`${base}/mine`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.fields.find((f: { key: string }) => f.key === 'leader_rank')).toMatchObject({ type: 'choice', options: [{ zh: '正职' }, { zh: '副职' }] });
    expect(r.body.fields.find((f: { key: string }) => f.key === 'appointed_on')).toMatchObject({ type: 'date' });
  });

  it('refuses a number that is not one, an impossible date and an option not given, each named, in both languages', async () => {
    const r = await wuhua.post(base, { values: { ...VALID, staff_count: '三个', appointed_on: '2022-02-30', leader_rank: '处长' } });
    expectError(r, 400, 'request.invalid');
    const byField = Object.fromEntries(r.body.fields.map((f: { field: string; message: string; messageEn: string }) => [f.field, f]));
    expect(byField['values.staff_count']).toMatchObject({ message: '应为数字', messageEn: 'must be a number' });
    expect(byField['values.appointed_on'].message).toContain('日期格式不正确');
    expect(byField['values.leader_rank']).toMatchObject({ message: '请从给定选项中选择', messageEn: 'pick one of the options given' });
    // A required choice left out is named too.
    const missing = await wuhua.post(base, { values: { ...VALID, staff_count: '3' } });
    expectError(missing, 400, 'request.invalid');
    expect(missing.body.fields.map((f: { field: string }) => f.field)).toEqual(['values.leader_rank']);
    expect((await wuhua.get(`${base}/mine`)).body.current).toBeNull();
  });

  it('files valid values of each type and keeps them as typed', async () => {
    const r = await panlong.post(base, { values: { ...VALID, staff_count: '12', appointed_on: '2022-03-01', leader_rank: '副职' } });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const mine = await panlong.get(`${base}/mine`);
    expect(mine.body.current.values).toMatchObject({ staff_count: '12', appointed_on: '2022-03-01', leader_rank: '副职' });
  });
});

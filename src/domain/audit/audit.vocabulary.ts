import type { Text } from '../text';

/*
 * The audit log stores codes (`unit.create`, `statistics_report`); people read words. Every action
 * the server writes has a label here in both languages — `audit.vocabulary.test.ts` reads every
 * `audit(` call under src/server and fails on a code without one. The log page shows the label and
 * offers these words as its filter; the API keeps taking the code.
 */
export const auditActionLabels = {
  'auth.login': { zh: '登录', en: 'Sign in' },
  'auth.logout': { zh: '退出登录', en: 'Sign out' },
  'auth.login_failed': { zh: '登录失败', en: 'Failed sign-in' },
  'auth.two_factor_failed': { zh: '两步验证码错误', en: 'Wrong two-factor code' },
  'auth.session_revoked': { zh: '注销登录会话', en: 'Revoke a session' },
  'account.create': { zh: '新建账号', en: 'Create account' },
  'account.update': { zh: '修改账号', en: 'Edit account' },
  'account.unlock': { zh: '解除账号锁定', en: 'Unlock account' },
  'account.password_reset': { zh: '重置密码', en: 'Reset password' },
  'account.password_changed': { zh: '修改本人密码', en: 'Change own password' },
  'account.two_factor_setup': { zh: '开始设置两步验证', en: 'Start two-factor set-up' },
  'account.two_factor_enabled': { zh: '启用两步验证', en: 'Turn on two-factor sign-in' },
  'account.two_factor_disabled': { zh: '停用两步验证', en: 'Turn off two-factor sign-in' },
  'account.two_factor_reset': { zh: '重置两步验证', en: 'Reset two-factor sign-in' },
  'unit.create': { zh: '新建单位', en: 'Create unit' },
  'unit.update': { zh: '修改单位', en: 'Edit unit' },
  'unit.move': { zh: '调整上级单位', en: 'Move unit' },
  'unit.activate': { zh: '启用单位', en: 'Activate unit' },
  'unit.deactivate': { zh: '停用单位', en: 'Deactivate unit' },
  'unit_type.create': { zh: '新增单位类型', en: 'Add unit type' },
  'campaign.import': { zh: '导入活动方案', en: 'Import campaign' },
  'campaign.update': { zh: '修改活动方案', en: 'Edit campaign' },
  'campaign.copy': { zh: '复制活动方案', en: 'Copy campaign' },
  'campaign.archive': { zh: '归档活动', en: 'Archive campaign' },
  'campaign.unarchive': { zh: '取消归档', en: 'Reopen archived campaign' },
  'obligation.fulfil': { zh: '登记报送', en: 'Record submission' },
  'liaison.submit': { zh: '报送联络员反馈表', en: 'Submit liaison form' },
  'liaison.import': { zh: '导入联络员反馈表', en: 'Import liaison form' },
  'statistics.save': { zh: '保存统计表草稿', en: 'Save statistics draft' },
  'statistics.submit': { zh: '提交统计表', en: 'Submit statistics table' },
  'statistics.approve': { zh: '审核通过统计表', en: 'Approve statistics table' },
  'statistics.accept': { zh: '接收统计表', en: 'Accept statistics table' },
  'statistics.return': { zh: '退回统计表', en: 'Return statistics table' },
  'statistics.reopen': { zh: '重新打开统计表', en: 'Reopen statistics table' },
  'statistics.import': { zh: '导入统计表', en: 'Import statistics table' },
  'summary.save': { zh: '保存总结报告草稿', en: 'Save summary draft' },
  'summary.submit': { zh: '提交总结报告', en: 'Submit summary' },
  'summary.accept': { zh: '接收总结报告', en: 'Accept summary' },
  'summary.return': { zh: '退回总结报告', en: 'Return summary' },
  'summary.reopen': { zh: '重新打开总结报告', en: 'Reopen summary' },
  'summary.import': { zh: '导入总结报告', en: 'Import summary' },
  'package.create': { zh: '生成材料包', en: 'Make package' },
  'activity.create': { zh: '新建活动记录', en: 'Record an activity' },
  'activity.update': { zh: '修改活动记录', en: 'Change an activity' },
  'activity.submit': { zh: '提交活动记录', en: 'Submit an activity' },
  'activity.accept': { zh: '接收活动记录', en: 'Accept an activity' },
  'activity.return': { zh: '退回活动记录', en: 'Return an activity' },
  'activity.delete': { zh: '删除活动记录草稿', en: 'Delete an activity draft' },
  'activity.attach': { zh: '附加活动素材', en: 'Attach media to an activity' },
  'activity.detach': { zh: '移除活动素材', en: 'Detach media from an activity' },
  'media.upload': { zh: '上传素材', en: 'Upload media' },
  'media.feature': { zh: '设置精选素材', en: 'Mark media as featured' },
  'media.delete': { zh: '删除素材', en: 'Delete media' },
  'case.create': { zh: '登记举报', en: 'Register a report' },
  'case.file': { zh: '上传举报附件', en: 'Attach a file to a case' },
  'case.message': { zh: '举报留言', en: 'Message on a case' },
  'case.export': { zh: '导出举报台账', en: 'Export the case register' },
  'case.accept': { zh: '受理举报', en: 'Accept a case' },
  'case.reject': { zh: '不予受理', en: 'Reject a case' },
  'case.assign': { zh: '交办举报', en: 'Assign a case' },
  'case.reassign': { zh: '改派举报', en: 'Reassign a case' },
  'case.verify': { zh: '核查举报', en: 'Verify a case' },
  'case.order_rectification': { zh: '责令整改', en: 'Order rectification' },
  'case.rectify': { zh: '整改完成', en: 'Rectification done' },
  'case.close': { zh: '办结举报', en: 'Close a case' },
  'case.merge': { zh: '合并重复举报', en: 'Merge duplicate cases' },
  'typical.create': { zh: '新建典型案例', en: 'Create a typical case' },
  'typical.update': { zh: '修改典型案例', en: 'Edit a typical case' },
  'typical.image': { zh: '上传典型案例图片', en: 'Add an image to a typical case' },
  'typical.image_remove': { zh: '删除典型案例图片', en: 'Remove an image from a typical case' },
  'typical.edit': { zh: '编辑典型案例', en: 'Edit a typical case' },
  'typical.submit': { zh: '提交典型案例', en: 'Submit a typical case' },
  'typical.pass': { zh: '审核通过典型案例', en: 'Pass a typical case' },
  'typical.return': { zh: '退回典型案例', en: 'Return a typical case' },
  'typical.publish': { zh: '曝光典型案例', en: 'Publish a typical case' },
  'typical.withdraw': { zh: '撤回曝光', en: 'Withdraw a published case' },
  'typical.package': { zh: '下载典型案例材料包', en: 'Download a typical case package' },
  'typical.run': { zh: '登记媒体刊播', en: 'Record a media run' },
  'province_report.send': { zh: '报送省级报告', en: 'Send the province report' },
  'feed_token.create': { zh: '生成订阅链接', en: 'Create a feed link' },
} as const satisfies Record<string, Text>;

export const auditEntityLabels = {
  unit: { zh: '单位', en: 'Unit' },
  unit_type: { zh: '单位类型', en: 'Unit type' },
  account: { zh: '账号', en: 'Account' },
  campaign: { zh: '活动方案', en: 'Campaign' },
  obligation_fulfilment: { zh: '报送登记', en: 'Submission record' },
  liaison_submission: { zh: '联络员反馈表', en: 'Liaison form' },
  statistics_report: { zh: '活动进展情况统计表', en: 'Statistics table' },
  summary: { zh: '总结报告', en: 'Summary report' },
  package_job: { zh: '材料包', en: 'Package' },
  activity: { zh: '活动记录', en: 'Activity' },
  media_item: { zh: '素材', en: 'Media item' },
  case: { zh: '举报案件', en: 'Report case' },
  typical_case: { zh: '典型案例', en: 'Typical case' },
  province_report: { zh: '省级报告', en: 'Province report' },
} as const satisfies Record<string, Text>;

export type AuditActionCode = keyof typeof auditActionLabels;
export type AuditEntityCode = keyof typeof auditEntityLabels;

function lookup(table: Record<string, Text>, code: string, lang: 'zh' | 'en'): string {
  return Object.hasOwn(table, code) ? table[code]![lang] : code;
}

/** The words for an action code; an unknown code (an old record) shows as itself. */
export const auditActionLabel = (code: string, lang: 'zh' | 'en') => lookup(auditActionLabels, code, lang);
export const auditEntityLabel = (code: string, lang: 'zh' | 'en') => lookup(auditEntityLabels, code, lang);

/**
 * The server's own messages, in both languages. A message key doubles as the error
 * `code` clients match on, so the web app never parses Chinese text.
 */
export const messages = {
  'request.invalid': { zh: '提交的内容有误，请检查标出的字段', en: 'The request has invalid fields' },
  'request.not_found': { zh: '未找到该记录，或无权访问', en: 'Not found, or not yours to see' },
  'request.forbidden': { zh: '当前账号无权执行此操作', en: 'Your account may not do this' },
  'request.csrf': { zh: '请求缺少有效的防伪令牌，请刷新页面后重试', en: 'Missing or wrong CSRF token; reload the page and try again' },
  'request.too_many': { zh: '请求过于频繁，请稍后再试', en: 'Too many requests; try again later' },
  'request.internal': { zh: '服务器内部错误，已记录，请稍后重试', en: 'Internal error; it has been logged, please try again later' },
  'request.unsupported_media': { zh: '不支持的内容类型', en: 'Unsupported content type' },
  'auth.required': { zh: '请先登录', en: 'Please log in' },
  'auth.invalid_credentials': { zh: '用户名或密码错误', en: 'Wrong user name or password' },
  'auth.locked': { zh: '登录失败次数过多，账号已锁定至 {until}', en: 'Too many failed logins; the account is locked until {until}' },
  'auth.inactive': { zh: '账号已停用，请联系市安委办', en: 'This account is deactivated; contact the city office' },
  'auth.wrong_current_password': { zh: '当前密码不正确', en: 'The current password is wrong' },
  'password.too_short': { zh: '密码至少 10 个字符', en: 'A password has at least 10 characters' },
  'password.same_as_username': { zh: '密码不能与用户名相同', en: 'The password may not equal the user name' },
  'unit.code_taken': { zh: '单位代码 {code} 已被使用', en: 'Unit code {code} is already in use' },
  'unit.parent_missing': { zh: '上级单位不存在', en: 'The parent unit does not exist' },
  'unit.missing': { zh: '单位不存在', en: 'The unit does not exist' },
  'unit.parent_cycle': { zh: '不能把单位移到它自己或其下级单位之下', en: 'A unit cannot be moved under itself or its own sub-unit' },
  'unit.root_only_one': { zh: '只能有一个顶级单位（市安委办）', en: 'There is only one top unit (the city office)' },
  'unit.has_active_children': { zh: '请先停用其下级单位', en: 'Deactivate its sub-units first' },
  'unit.inactive': { zh: '单位已停用', en: 'The unit is deactivated' },
  'unit.code_format': { zh: '单位代码只能包含字母、数字和连字符，最多 32 位', en: 'A unit code has letters, digits and hyphens, 32 at most' },
  'account.username_taken': { zh: '用户名 {username} 已存在', en: 'User name {username} already exists' },
  'account.username_format': { zh: '用户名为 3–32 位字母、数字、下划线、点或连字符', en: 'A user name has 3–32 letters, digits, underscores, dots or hyphens' },
  'account.role_outside_unit': { zh: '角色 {role} 不能授予 {unitType} 类型单位的账号', en: 'Role {role} cannot be given to an account of a {unitType} unit' },
  'account.cannot_deactivate_self': { zh: '不能停用自己的账号', en: 'You cannot deactivate your own account' },
  'campaign.invalid': { zh: '活动方案内容有误：{detail}', en: 'The campaign definition is invalid: {detail}' },
  'campaign.exists': { zh: '活动方案 {code} 已存在', en: 'Campaign {code} already exists' },
  'campaign.same_year': { zh: '目标年份与原方案相同', en: 'The target year equals the source year' },
  'obligation.unknown': { zh: '活动方案中没有该任务：{key}', en: 'The campaign has no obligation {key}' },
  'obligation.not_applicable': { zh: '该任务不适用于此单位', en: 'This obligation does not apply to this unit' },
  'liaison.mobile': { zh: '手机号码格式不正确（应为11位，以1开头）', en: 'invalid mobile number (11 digits starting with 1)' },
  'liaison.phone': { zh: '电话号码格式不正确（应含区号，如 0871-63104019）', en: 'invalid phone number (with area code, e.g. 0871-63104019)' },
  'liaison.email': { zh: '电子邮箱格式不正确', en: 'invalid e-mail address' },
  'liaison.too_long': { zh: '不能超过 {max} 个字符', en: 'at most {max} characters' },
  'liaison.unknown_field': { zh: '联络员反馈表中没有该项', en: 'the liaison form has no such field' },
  'liaison.conflict': { zh: '该单位的联络员反馈表刚被他人提交，请刷新后重试', en: 'Someone else just filed this unit\'s liaison form; reload and try again' },
  'liaison.not_applicable': { zh: '该单位无需报送联络员反馈表', en: 'This unit does not file the liaison form' },
  'liaison.import_unit_unknown': { zh: '未找到单位“{unit}”', en: 'No unit "{unit}"' },
  'liaison.import_unit_ambiguous': { zh: '“{unit}”对应多个单位，请填写单位全称或单位代码', en: '"{unit}" matches several units; give the full name or the unit code' },
  'liaison.import_unit_mismatch': { zh: '单位代码 {code} 是“{name}”，与填写的单位名称“{given}”不符', en: 'Unit code {code} is "{name}", not "{given}"' },
  'statistics.not_integer': { zh: '应为不小于 0 的整数', en: 'must be a whole number, 0 or more' },
  'statistics.negative': { zh: '不能为负数', en: 'cannot be negative' },
  'statistics.too_large': { zh: '数值过大（不超过 {max}）', en: 'too large (at most {max})' },
  'statistics.unknown_indicator': { zh: '统计表中没有该指标', en: 'the statistics table has no such indicator' },
  'statistics.findings': { zh: '统计表未通过校验，请按提示修改或说明', en: 'The table fails its checks; correct or explain the marked figures' },
  'statistics.comment_required': { zh: '请说明原因：{finding}', en: 'explain this: {finding}' },
  'statistics.conflict': { zh: '该统计表已被他人修改，请刷新后重试', en: 'Someone else changed this table; reload and try again' },
  'statistics.locked': { zh: '统计表已被市安委办接收并锁定，如需修改请联系市安委办重新打开', en: 'The table was accepted and is locked; ask the city office to reopen it' },
  'statistics.not_editable': { zh: '统计表已提交，退回后才能修改', en: 'The table is submitted; it can be changed only after it is returned' },
  'statistics.no_approval': { zh: '该单位的统计表无需审核', en: 'This unit\'s table needs no approval' },
  'statistics.wrong_state': { zh: '统计表当前状态不允许此操作，请刷新后查看', en: 'The table\'s current status does not allow this; reload to see it' },
  'statistics.not_applicable': { zh: '该单位无需报送活动进展情况统计表', en: 'This unit does not file the statistics table' },
  'statistics.unit_unknown': { zh: '未找到单位“{name}”', en: 'no unit "{name}"' },
  'statistics.unit_twice': { zh: '单位在文件中重复出现（第 {row} 行）', en: 'the unit appears twice in the file (row {row})' },
  'media.file_required': { zh: '请上传一个文件（字段 file）', en: 'Upload one file (field "file")' },
  'media.unexpected_file': { zh: '只能在字段 file 中上传一个文件', en: 'only one file may be uploaded, in field "file"' },
  'media.unknown_field': { zh: '上传表单中没有该项', en: 'the upload form has no such field' },
  'media.empty': { zh: '文件为空', en: 'the file is empty' },
  'media.unsupported': {
    zh: '不支持的文件类型：仅接受 JPEG、PNG、WebP、GIF 图片，MP4、MOV、WebM 视频，PDF、Word、Excel、PowerPoint 文档（按文件内容判断，与文件名无关）',
    en: 'unsupported file type: only JPEG, PNG, WebP and GIF images, MP4, MOV and WebM videos, and PDF, Word, Excel and PowerPoint documents are accepted (judged by content, not by name)',
  },
  'media.macros': { zh: '不接受含宏的文档，请另存为不含宏的格式后上传', en: 'documents with macros are not accepted; save it without macros and upload again' },
  'media.too_large': { zh: '文件过大：{kind}不能超过 {max} MB', en: 'the file is too large: {kindEn} may be at most {max} MB' },
  'media.image_unreadable': { zh: '图片已损坏或无法读取', en: 'the image is damaged or cannot be read' },
  'media.category_unknown': { zh: '活动方案中没有该任务类别', en: 'the campaign has no such task category' },
  'media.day': { zh: '日期应为 YYYY-MM-DD 格式的有效日期', en: 'must be a real date as YYYY-MM-DD' },
  'media.featured_locked': { zh: '该素材已被市安委办选为精选，如需删除请联系市安委办', en: 'The city office has featured this item; ask the office to delete it' },
  'import.file_required': { zh: '请上传 Excel 文件（字段 file）', en: 'Upload an Excel file (field "file")' },
  'import.not_xlsx': { zh: '文件不是有效的 Excel (.xlsx) 文件', en: 'The file is not a valid Excel (.xlsx) workbook' },
  'import.has_errors': { zh: '有 {count} 行存在错误，未导入任何数据', en: '{count} rows have errors; nothing was imported' },
  'import.header_missing': { zh: '缺少表头列：{columns}', en: 'Missing header columns: {columns}' },
  'field.required': { zh: '必填', en: 'required' },
  'field.unit_type': { zh: '单位类型无效', en: 'invalid unit type' },
  'field.duplicate_in_form': { zh: '表单中重复出现', en: 'appears more than once in the form' },
  'field.duplicate_in_file': { zh: '与第 {row} 行重复', en: 'duplicates row {row}' },
} as const satisfies Record<string, { zh: string; en: string }>;

export type MessageKey = keyof typeof messages;

export function isMessageKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(messages, key);
}

export function translate(key: MessageKey, params: Record<string, string | number> = {}): { zh: string; en: string } {
  const fill = (s: string) => s.replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? `{${k}}`));
  const m = messages[key];
  return { zh: fill(m.zh), en: fill(m.en) };
}

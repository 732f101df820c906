// Writes src/server/auth/common-passwords.txt: the ranked list of common passwords that zxcvbn-ts
// ships (@zxcvbn-ts/language-common, a development dependency: drawn from leaked-password
// corpora), and the Chinese words, pinyin phrases, birthdays and digit patterns below, which that
// English-centred list lacks. Run it again after editing the word lists:
// `node scripts/common-passwords.mjs`.
import fs from 'node:fs';
import { createRequire } from 'node:module';

const words = `password passw0rd p@ssw0rd p@ssword admin administrator root qwerty qwertyuiop asdfgh asdfghjkl zxcvbn zxcvbnm
1qaz2wsx 1q2w3e4r 1q2w3e4r5t qazwsx qazwsxedc zaq12wsx abc abcd abcde abcdef abcdefg abcdefgh iloveyou letmein welcome
monkey dragon master sunshine princess football baseball shadow superman batman michael jordan jennifer hunter killer
trustno1 starwars computer internet freedom whatever secret hello hellokitty love lovely loveme flower summer winter
woaini woaini520 woaini1314 aini aini1314 wojiushiwo wobuzhidao nihao nihaoma zhangwei wangwei wanglei liuyang lijun
zhongguo china beijing shanghai kunming yunnan guangzhou shenzhen chengdu wangyi baidu tencent alibaba taobao weixin
qq qqqq qqqqqq qq123 qwe qweasd qweasdzxc asd asdasd asdqwe zxc zxczxc zhangsan lisi wangwu xiaoming xiaohong laopo
laogong baobao baobei tiantian meimei gege jiejie didi mama baba woaiwojia woaimama woaibaba fuck shit test test1
tester guest user demo changeme default system server oracle mysql postgres manager office anquan anquanyue safety
safemonth safe safe123 security gongzuo gongsi zhengfu danwei bangongshi shengchan anjian yingji xiaofang`.split(/\s+/);
const suffixes = ['', '1', '12', '123', '1234', '12345', '123456', '1234567', '12345678', '123456789', '1314', '520', '521', '5201314',
  '666', '888', '8888', '999', '000', '111', '!', '!!', '@', '#', '.', '@123', '#123', '!@#', '2008', '2010', '2012', '2018', '2019',
  '2020', '2021', '2022', '2023', '2024', '2025', '2026', '88', '66', '99', '00', '01', '007', '110', '119', '120', '163', '@163', '@qq'];
const prefixes = ['', 'a', 'qq', 'aa', 'abc', 'zz', 'woaini', 'wo', 'x'];

const out = new Set();
const add = (p) => { if (p.length >= 4 && p.length <= 32) out.add(p.toLowerCase()); };

for (const w of words) for (const s of suffixes) { add(w + s); add(w.charAt(0).toUpperCase() + w.slice(1) + s); }
for (const p of prefixes) for (const s of ['123', '1234', '12345', '123456', '1234567', '12345678', '123456789', '1234567890', '520', '1314', '5201314', '888888', '666666']) add(p + s);
// Runs and repeats of digits, and keyboard rows.
const digits = '01234567890';
for (let len = 4; len <= 12; len++) for (let i = 0; i + len <= digits.length; i++) add(digits.slice(i, i + len));
for (let len = 4; len <= 12; len++) for (let i = 0; i + len <= 10; i++) add('9876543210'.slice(i, i + len));
for (let d = 0; d <= 9; d++) for (let len = 4; len <= 16; len++) add(String(d).repeat(len));
for (const row of ['qwertyuiop', 'asdfghjkl', 'zxcvbnm', '1qaz2wsx3edc4rfv', 'qazwsxedcrfv', '!qaz@wsx', '1q2w3e4r5t6y7u8i']) {
  for (let len = 6; len <= row.length; len++) add(row.slice(0, len));
}
for (const pair of ['12', '123', '1234', 'ab', 'abc', 'a1', 'qw', 'as', '520', '147', '258', '369', '159', '753', '110', '521']) {
  for (let n = 2; n <= 6; n++) add(pair.repeat(n));
}
for (const s of ['147258369', '1472583690', '159357', '159753', '741852963', '963852741', '123321', '1234554321', '123456654321',
  '112233', '11223344', '1122334455', '121212', '131313', '5201314520', '1314520', '1314521', '74108520', '147852369', '123qwe', '123abc',
  'a1b2c3', 'a1b2c3d4', 'q1w2e3r4', '123123', '123123123', '321321', 'aaaaaa', 'abc123456', 'a123456789', 'qq123456789']) add(s);
// Birthdays: every day of 1950–2012 as yyyymmdd (the largest family in Chinese breach lists), and as yyyy.mm.dd.
for (let y = 1950; y <= 2012; y++) for (let m = 1; m <= 12; m++) for (let d = 1; d <= 31; d++) {
  const mm = String(m).padStart(2, '0'); const dd = String(d).padStart(2, '0');
  if (new Date(`${y}-${mm}-${dd}T00:00:00Z`).getUTCDate() !== d) continue;
  add(`${y}${mm}${dd}`);
}
// Phone-style repeats and lucky numbers.
for (const n of ['13800138000', '13888888888', '13666666666', '18888888888', '15888888888', '400800', '95588', '10086', '10000']) add(n);

// The breach-derived list, read as data (its own module needs a decompression package we do not use).
const require = createRequire(import.meta.url);
const leaked = JSON.parse(fs.readFileSync(require.resolve('@zxcvbn-ts/language-common/src/passwords.json'), 'utf8'));
for (const p of leaked) add(String(p));

const list = [...out].sort();
fs.writeFileSync(new URL('../src/server/auth/common-passwords.txt', import.meta.url),
  `# Common and breached passwords refused for new passwords (lower case). Written by scripts/common-passwords.mjs.\n${list.join('\n')}\n`);
console.log(`${list.length} passwords`);

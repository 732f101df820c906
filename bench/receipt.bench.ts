/*
 * What keeping a report's receipt costs, per receipt: HMAC-SHA256 under a 32-byte key (what the
 * platform stores, src/server/features/reports/report.receipts.ts hashReceipt), beside plain
 * SHA-256 (the baseline, measured in the same run) and scrypt with N=2^15, r=8, p=1 (the slow,
 * salted hash a reviewer asked about). Receipts come from newReceipt() and are hashed in their
 * canonical form, as the server does. Then what one status look-up would cost if receipts were
 * kept under a salted slow hash: no index can find the row, so the server must try every stored
 * case's salt, i.e. cases × one scrypt, where the keyed hash is one HMAC and one indexed read.
 *
 *   npm run bench:receipt
 *   BENCH_RECEIPTS=100000 BENCH_SCRYPT=50 BENCH_CASES=10000 npm run bench:receipt
 *   BENCH_MAX_LOAD=1.5 …        wait for a quiet machine before timing
 */
import crypto from 'node:crypto';
import { loadText, median, quietMachine } from './support';
import { newReceipt, normaliseReceipt } from '../src/domain/cases/case.receipt';
import { hashReceipt } from '../src/server/features/reports/report.receipts';

const RECEIPTS = Number(process.env.BENCH_RECEIPTS ?? 20_000);
const SCRYPT_RECEIPTS = Number(process.env.BENCH_SCRYPT ?? 20);
const CASES = Number(process.env.BENCH_CASES ?? 1_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const SCRYPT = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

async function main() {
  const key = crypto.randomBytes(32);
  const receipts = Array.from({ length: Math.max(RECEIPTS, SCRYPT_RECEIPTS) }, () => normaliseReceipt(newReceipt())!);
  const salts = receipts.slice(0, SCRYPT_RECEIPTS).map(() => crypto.randomBytes(16));
  let sink = 0;
  const keep = (s: string | Buffer) => { sink ^= s.length; };

  const load = await quietMachine('receipt');
  const sha = await median(async () => {
    for (let i = 0; i < RECEIPTS; i++) keep(crypto.createHash('sha256').update(receipts[i]!).digest('hex'));
  }, RUNS);
  const hmac = await median(async () => {
    for (let i = 0; i < RECEIPTS; i++) keep(hashReceipt(key, receipts[i]!));
  }, RUNS);
  // Synchronous, one after another, as a look-up trying every case would run on one core.
  const scrypt = await median(async () => {
    for (let i = 0; i < SCRYPT_RECEIPTS; i++) keep(crypto.scryptSync(receipts[i]!, salts[i]!, 32, SCRYPT));
  }, Math.min(RUNS, 3));
  const endLoad = loadText();

  const us = (ms: number, n: number) => (ms * 1000) / n;
  const shaUs = us(sha.ms, RECEIPTS);
  const hmacUs = us(hmac.ms, RECEIPTS);
  const scryptUs = us(scrypt.ms, SCRYPT_RECEIPTS);
  const row = (name: string, n: number, perUs: number) =>
    console.log(`| ${name} | ${n.toLocaleString('en')} | ${perUs < 100 ? perUs.toFixed(2) : perUs.toFixed(0)} | ${(perUs / shaUs).toFixed(perUs / shaUs < 100 ? 2 : 0)} |`);

  console.log(`\nreceipts: ${RECEIPTS.toLocaleString('en')} (SHA-256, HMAC) and ${SCRYPT_RECEIPTS} (scrypt N=2^15 r=8 p=1) receipts from newReceipt(), canonical form; median of ${RUNS} runs (scrypt ${Math.min(RUNS, 3)}) after a warm-up; node ${process.version}`);
  console.log(`load average (1/5/15 min): before timing ${load}; after ${endLoad}`);
  console.log('| hash of one receipt | receipts | µs per receipt | ratio to SHA-256 |');
  console.log('|---|---|---|---|');
  row('SHA-256, unkeyed (baseline)', RECEIPTS, shaUs);
  row('HMAC-SHA256, 32-byte key (what the platform stores)', RECEIPTS, hmacUs);
  row('scrypt N=2^15 r=8 p=1, 16-byte salt', SCRYPT_RECEIPTS, scryptUs);

  const hmacLookupMs = hmacUs / 1000;
  const scryptLookupMs = (CASES * scryptUs) / 1000;
  console.log(`\none status look-up among ${CASES.toLocaleString('en')} stored cases (hashing only; the keyed hash then reads one row by its unique index)`);
  console.log('| receipt kept as | hashes per look-up | ms per look-up | look-ups per second per core |');
  console.log('|---|---|---|---|');
  console.log(`| HMAC-SHA256, indexed | 1 | ${hmacLookupMs.toFixed(4)} | ${Math.round(1000 / hmacLookupMs).toLocaleString('en')} |`);
  console.log(`| scrypt with a salt per case, no index possible (${CASES.toLocaleString('en')} × scrypt) | ${CASES.toLocaleString('en')} | ${scryptLookupMs.toFixed(0)} (${(scryptLookupMs / 1000).toFixed(1)} s) | ${(1000 / scryptLookupMs).toFixed(3)} |`);
  if (sink === -1) console.log(sink);
}

main().catch((e) => { console.error(e); process.exit(1); });

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { DIR_MODE, FILE_MODE } from '../../file-modes';
import type { ReportConfig } from '../../config';

/*
 * Receipts are kept as HMAC-SHA256 under a key that never enters the database. Why a keyed hash
 * and not a slow one (scrypt, argon2): a receipt is 100 random bits, so no dictionary helps and
 * a slow hash adds nothing an attacker with the database alone could not already not do; what a
 * keyed hash adds is that without the key file even a perfect guess cannot be checked offline.
 * And a look-up must find the case by its hash in one indexed read: a salted slow hash would make
 * every status check try every case. bench/receipt.bench.ts measures both.
 */

const KEY_BYTES = 32;

/** The receipt key: RECEIPT_KEY (hex), or the key file, made once with owner-only access. */
export function loadReceiptKey(config: Pick<ReportConfig, 'receiptKey' | 'receiptKeyFile'>): Buffer {
  if (config.receiptKey) {
    const key = Buffer.from(config.receiptKey, 'hex');
    if (key.length < 16) throw new Error('RECEIPT_KEY must be at least 32 hex digits');
    return key;
  }
  try {
    return readKey(config.receiptKeyFile);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  fs.mkdirSync(path.dirname(config.receiptKeyFile), { recursive: true, mode: DIR_MODE });
  try {
    // 'wx': two processes starting together must end with one key, not each its own.
    fs.writeFileSync(config.receiptKeyFile, crypto.randomBytes(KEY_BYTES).toString('hex'), { flag: 'wx', mode: FILE_MODE });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  return readKey(config.receiptKeyFile);
}

function readKey(file: string): Buffer {
  const key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'hex');
  if (key.length < 16) throw new Error(`${file} does not hold a receipt key (at least 32 hex digits)`);
  return key;
}

/** The stored form of a receipt's canonical symbols. */
export const hashReceipt = (key: Buffer, symbols: string) => crypto.createHmac('sha256', key).update(symbols).digest('hex');

import crypto from 'node:crypto';
import QRCode from 'qrcode';
import { generateSecret, generateURI, verify } from 'otplib';
import { hasRole, isCityAdmin, type Actor } from '../../auth/actor';
import { isCaseDesk } from '../../auth/policies/case.policy';

/*
 * TOTP (RFC 6238: 6 digits, 30 s, SHA-1, what every authenticator app reads from a QR code).
 * The secret is stored encrypted with AES-256-GCM under a key derived (HKDF) from the receipt key,
 * which already lives outside the database: a copied database alone yields no second factor.
 * It is shown only while enrolling and is never returned afterwards.
 */

export const TOTP_PERIOD_SECONDS = 30;
const ISSUER = 'safemonth 安全生产月';

/**
 * Who must have a second factor: whoever can see a reporter's identity (the city case desk: the
 * office's administrators and case handlers) or decide a publication. The leading group is in the
 * second group: its 领导审核 step is the last approval before a typical case goes public, and it reads
 * every case. Everyone else may enrol.
 */
export const requiresTwoFactor = (a: Pick<Actor, 'roles' | 'unitType'>) =>
  isCityAdmin(a as Actor) || isCaseDesk(a as Actor) || hasRole(a as Actor, 'leader');

export function twoFactorCrypto(masterKey: Buffer) {
  const key = Buffer.from(crypto.hkdfSync('sha256', masterKey, Buffer.alloc(0), 'safemonth two-factor secrets', 32));
  return {
    seal(secret: string): string {
      const iv = crypto.randomBytes(12);
      const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
      return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
    },
    open(sealed: string): string {
      const [, iv, tag, body] = sealed.split('.');
      const decipher = crypto.createDecipheriv('aes-256-gcm', key, Buffer.from(iv!, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag!, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body!, 'base64url')), decipher.final()]).toString('utf8');
    },
  };
}
export type TwoFactorCrypto = ReturnType<typeof twoFactorCrypto>;

export const newTotpSecret = () => generateSecret();

/** The otpauth URI, its QR code as a data URL (PNG), and the secret for typing in by hand. */
export async function enrolmentOf(secret: string, username: string) {
  const uri = generateURI({ issuer: ISSUER, label: username, secret });
  const qr = await QRCode.toDataURL(uri, { errorCorrectionLevel: 'M', margin: 2, width: 240 });
  return { secret, uri, qr };
}

/**
 * The time step a code matches (one step either side for clocks that drift), or null. Steps at or
 * before `afterStep` are refused: a code once used is not accepted again, even within its window.
 */
export async function matchTotp(secret: string, code: string, afterStep: number | null): Promise<number | null> {
  if (!/^\d{6}$/.test(code)) return null;
  try {
    const r = await verify({
      secret, token: code, epochTolerance: TOTP_PERIOD_SECONDS,
      ...(afterStep !== null ? { afterTimeStep: afterStep } : {}),
    });
    return r.valid && 'timeStep' in r ? r.timeStep : null;
  } catch {
    return null;
  }
}

/** Recovery codes: 10 of 10 Crockford base32 symbols (50 bits) each, shown as xxxxx-xxxxx. */
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
export const RECOVERY_CODE_COUNT = 10;

export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const s = Array.from({ length: 10 }, () => ALPHABET[crypto.randomInt(32)]).join('');
    return `${s.slice(0, 5)}-${s.slice(5)}`;
  });
}

/** The stored form: typing case, spaces and the dash do not matter. */
export function hashRecoveryCode(code: string): string | null {
  const canonical = code.toLowerCase().replace(/[\s-]/g, '').replace(/[oil]/g, (c) => (c === 'o' ? '0' : '1'));
  if (!/^[0-9a-hjkmnp-tv-z]{10}$/.test(canonical)) return null;
  return crypto.createHash('sha256').update(canonical).digest('hex');
}

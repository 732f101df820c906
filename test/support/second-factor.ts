import { generate } from 'otplib';

/*
 * What tests that drive a real server (over HTTP or in a browser) know of each account's second
 * factor: the secret they enrolled with, the unused recovery codes, and the last TOTP time step they
 * used. The server refuses a step twice, so a second sign-in within the same 30 seconds spends a
 * recovery code instead. Kept by server address and user name, and by user name alone for a server
 * restored from another's backup (same accounts, another address).
 */

interface Factor { secret: string; recovery: string[]; lastStep: number }
const factors = new Map<string, Factor>();
const STEP_MS = 30_000;
const currentStep = () => Math.floor(Date.now() / STEP_MS);

export function rememberSecondFactor(origin: string, username: string, secret: string, recovery: string[]) {
  const f = { secret, recovery: [...recovery], lastStep: currentStep() };
  factors.set(`${origin} ${username}`, f);
  factors.set(username, f);
}

/** A code for the sign-in's second step: the authenticator's, or a recovery code when this step's was used. */
export async function nextSecondFactorCode(origin: string, username: string): Promise<string> {
  const f = factors.get(`${origin} ${username}`) ?? factors.get(username);
  if (!f) throw new Error(`${username} has two-factor on, but these tests never enrolled it`);
  const step = currentStep();
  if (step > f.lastStep) {
    f.lastStep = step;
    return generate({ secret: f.secret });
  }
  const code = f.recovery.shift();
  if (!code) throw new Error(`${username}: out of recovery codes`);
  return code;
}

/** The code an authenticator shows now for this secret. */
export const codeFor = (secret: string) => generate({ secret });

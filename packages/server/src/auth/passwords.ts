import { hash, verify } from '@node-rs/argon2';

// argon2id with OWASP's minimum parameters: 19 MiB, 2 passes. The library's default is argon2id.
const OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A hash to verify against when the user does not exist, so timing does not reveal usernames. */
export const UNKNOWN_USER_HASH = '$argon2id$v=19$m=19456,t=2,p=1$MPcn+tXBVorJTpwIOW1qnw$ydXaym92Of6w2ugJxCv5G4snmUJde4xKCvG4fy0Gq7I';

export const MIN_PASSWORD_LENGTH = 12;

/** Why a new password is too weak, in words for the person choosing it; null when it will do. */
export function passwordWeakness(password: string, username: string): string | null {
  if ([...password].length < MIN_PASSWORD_LENGTH) return `A password needs at least ${MIN_PASSWORD_LENGTH} characters; a few words in a row are easy to remember and hard to guess.`;
  if (password.trim().toLowerCase().includes(username.trim().toLowerCase())) return 'A password must not contain the username.';
  return null;
}

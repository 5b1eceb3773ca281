// Password hashing with argon2id (@node-rs/argon2, prebuilt per platform inside its npm packages).
import { hash, verify } from "@node-rs/argon2";
import { randomBytes } from "node:crypto";

const OPTIONS = { algorithm: 2 /* Argon2id (a const enum the compiler cannot inline here) */, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** A hash of a random password: verifying against it costs as much as a real one (no user enumeration by timing). */
let dummy: Promise<string> | undefined;
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword(randomBytes(16).toString("hex"));
  return dummy;
}

export function generatePassword(): string {
  return randomBytes(18).toString("base64url");
}

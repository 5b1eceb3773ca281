export type Labels = Readonly<Record<string, string>>;

const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const MASK = 0xffffffffffffffffn;
const SEPARATOR = 0xff; // a byte that never occurs in UTF-8 text
const encoder = new TextEncoder();

/**
 * A stable identity for a label set: 64-bit FNV-1a over the labels sorted by name, each written as
 * name 0xFF value 0xFF in UTF-8, as 16 lower-case hex digits (the style of Alertmanager's
 * fingerprints). Key order does not matter; any change of a name or value gives another print.
 */
export function fingerprint(labels: Labels): string {
  let hash = FNV_OFFSET;
  const feed = (bytes: Uint8Array): void => {
    for (const byte of bytes) hash = ((hash ^ BigInt(byte)) * FNV_PRIME) & MASK;
  };
  const sep = new Uint8Array([SEPARATOR]);
  for (const name of Object.keys(labels).sort()) {
    feed(encoder.encode(name));
    feed(sep);
    feed(encoder.encode(labels[name] ?? ""));
    feed(sep);
  }
  return hash.toString(16).padStart(16, "0");
}

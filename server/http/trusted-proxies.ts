// BREAKWATER_TRUST_PROXY: which hops in front of the server may be believed about the client's
// address. "false" (default): nobody, the peer address is the client. "true": one proxy. A number:
// that many proxies. A comma-separated list of addresses/CIDRs (IPv4 and IPv6): proxies at those
// addresses. The client is the rightmost address in [X-Forwarded-For…, peer] that was not added
// by a trusted proxy; anything to the left of it may have been written by the client itself.
import { BlockList, isIP } from "node:net";

export type ProxyTrust = { kind: "none" } | { kind: "hops"; hops: number } | { kind: "cidrs"; cidrs: string[] };

const MAX_HOPS = 32;

/** "::ffff:10.0.0.1" → "10.0.0.1"; other addresses unchanged. */
export function normalizeIp(ip: string): string {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  return m ? m[1]! : ip;
}

function parseCidr(entry: string): { net: string; prefix: number; type: "ipv4" | "ipv6" } {
  const [addr = "", bits, extra] = entry.split("/");
  const net = normalizeIp(addr.trim());
  const v = isIP(net);
  if (v === 0 || extra !== undefined) throw new Error(`'${entry}' is not an IP address or CIDR`);
  const max = v === 4 ? 32 : 128;
  const prefix = bits === undefined ? max : Number(bits);
  if (!/^\d{1,3}$/.test(bits ?? String(max)) || prefix > max) throw new Error(`'${entry}' has a bad prefix length (0 to ${max})`);
  return { net, prefix, type: v === 4 ? "ipv4" : "ipv6" };
}

/** Parses BREAKWATER_TRUST_PROXY; throws an Error with a message naming the bad part. */
export function parseTrustProxy(raw: string | undefined): ProxyTrust {
  const value = (raw ?? "").trim().toLowerCase();
  if (value === "" || value === "false" || value === "0") return { kind: "none" };
  if (value === "true") return { kind: "hops", hops: 1 };
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops > MAX_HOPS) throw new Error(`at most ${MAX_HOPS} hops`);
    return { kind: "hops", hops };
  }
  const cidrs = value.split(",").map((s) => s.trim());
  if (cidrs.some((c) => c === "")) throw new Error("an empty entry in the list");
  for (const c of cidrs) parseCidr(c);
  return { kind: "cidrs", cidrs };
}

const compiled = new Map<string, BlockList>();

function trustedList(cidrs: string[]): BlockList {
  const key = cidrs.join(",");
  let list = compiled.get(key);
  if (!list) {
    list = new BlockList();
    for (const c of cidrs) {
      const { net, prefix, type } = parseCidr(c);
      list.addSubnet(net, prefix, type);
    }
    compiled.set(key, list);
  }
  return list;
}

function isTrusted(trust: ProxyTrust, ip: string, index: number): boolean {
  if (trust.kind === "none") return false;
  if (trust.kind === "hops") return index < trust.hops;
  const v = isIP(ip);
  return v !== 0 && trustedList(trust.cidrs).check(ip, v === 4 ? "ipv4" : "ipv6");
}

/**
 * The client address: walk from the peer leftwards through X-Forwarded-For while the current hop
 * is a trusted proxy; stop at the first one that is not (or at a malformed entry, keeping the last
 * trusted hop, since a well-behaved proxy writes addresses only).
 */
export function selectClientIp(peer: string | undefined, forwardedFor: string | string[] | undefined, trust: ProxyTrust): string {
  const chain = [normalizeIp(peer ?? "unknown")];
  if (trust.kind !== "none" && forwardedFor !== undefined) {
    const entries = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : forwardedFor).split(",").map((s) => s.trim());
    for (let i = entries.length - 1; i >= 0; i--) chain.push(normalizeIp(entries[i]!));
  }
  let i = 0;
  while (i + 1 < chain.length && isTrusted(trust, chain[i]!, i)) {
    if (isIP(chain[i + 1]!) === 0) break;
    i++;
  }
  return chain[i]!;
}

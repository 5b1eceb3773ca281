// TLS trust for checks: verification is on by default; `ca` adds a CA to the system's roots,
// `insecureSkipVerify` accepts any certificate (self-signed, wrong host).
import tls from "node:tls";

export interface TlsTrustOptions {
  ca?: string;
  insecureSkipVerify?: boolean;
}

export interface TlsConnectTrust {
  /** System roots plus the given CA, or undefined to use Node's defaults. */
  ca?: string[];
  rejectUnauthorized: boolean;
}

/** Connect options for node:tls / undici / ws. */
export function tlsConnectTrust(o: TlsTrustOptions): TlsConnectTrust {
  const trust: TlsConnectTrust = { rejectUnauthorized: !o.insecureSkipVerify };
  if (o.ca && o.ca.trim()) trust.ca = [...tls.rootCertificates, o.ca];
  return trust;
}

/** The same trust as one PEM bundle (for @grpc/grpc-js root certificates); null = system roots. */
export function tlsRootBundle(o: TlsTrustOptions): Buffer | null {
  if (!o.ca || !o.ca.trim()) return null;
  return Buffer.from([...tls.rootCertificates, o.ca.trim()].join("\n") + "\n");
}

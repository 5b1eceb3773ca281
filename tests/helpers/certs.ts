// A self-signed certificate + key generated at test time with the openssl CLI (never committed):
// CN=localhost, SAN DNS:localhost and IP:127.0.0.1, valid for one day. The temp dir is removed
// right after the PEMs are read.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export interface SelfSignedCert {
  /** Certificate PEM (also usable as the CA to trust, since it signs itself). */
  cert: string;
  key: string;
}

export function generateSelfSignedCert(commonName = "localhost"): SelfSignedCert {
  const dir = mkdtempSync(path.join(os.tmpdir(), "bw-cert-"));
  try {
    const keyFile = path.join(dir, "key.pem");
    const certFile = path.join(dir, "cert.pem");
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-keyout",
        keyFile,
        "-out",
        certFile,
        "-days",
        "1",
        "-subj",
        `/CN=${commonName}`,
        "-addext",
        "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1",
        "-addext",
        "basicConstraints=critical,CA:TRUE",
      ],
      { stdio: ["ignore", "ignore", "pipe"] },
    );
    return { cert: readFileSync(certFile, "utf8"), key: readFileSync(keyFile, "utf8") };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// A hostile upstream for security tests: reflects ?name= into an HTML page unescaped, records the
// Cookie header of every request, and tries to set Breakwater's session cookie.
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface ReflectingUpstream {
  url: string;
  /** The Cookie header of every request received ("" when none). */
  cookies: string[];
  close(): Promise<void>;
}

export async function startReflectingUpstream(): Promise<ReflectingUpstream> {
  const cookies: string[] = [];
  const server = http.createServer((req, res) => {
    cookies.push(req.headers.cookie ?? "");
    const name = new URL(req.url ?? "/", "http://x").searchParams.get("name") ?? "";
    res.writeHead(200, {
      "content-type": "text/html; charset=utf-8",
      "set-cookie": ["bw_session=planted-by-upstream; Path=/; HttpOnly", "shop_cart=42; Path=/"],
    });
    res.end(`<!doctype html><html><body><h1>Hello ${name}</h1></body></html>`);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    cookies,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

/** Sends bytes exactly as given on a fresh connection and returns the raw response text. */
export async function rawExchange(port: number, bytes: string): Promise<string> {
  const net = await import("node:net");
  return new Promise((resolve, reject) => {
    let out = "";
    const s = net.connect({ host: "127.0.0.1", port }, () => s.write(bytes));
    s.setTimeout(10_000, () => s.destroy(new Error("no answer within 10 s")));
    s.on("data", (d: Buffer) => (out += d.toString("latin1")));
    s.on("end", () => resolve(out));
    s.on("close", () => resolve(out));
    s.on("error", reject);
  });
}

/** Status and JSON body of a raw HTTP/1.1 response. */
export function parseRaw(text: string): { status: number; json: any } {
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
  const body = text.slice(text.indexOf("\r\n\r\n") + 4);
  let json: any;
  try {
    json = JSON.parse(body);
  } catch {
    json = undefined;
  }
  return { status, json };
}

// A tiny HTTP client that behaves like a browser for cookies and Origin, for API tests.
export class ApiClient {
  cookie: string | undefined;
  constructor(
    public readonly base: string,
    public readonly opts: { origin?: string | null; bearer?: string } = {},
  ) {}

  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const h: Record<string, string> = { ...headers };
    if (body !== undefined) h["content-type"] = "application/json";
    const origin = this.opts.origin === undefined ? this.base : this.opts.origin;
    if (origin && method !== "GET") h.origin = origin;
    if (this.cookie) h.cookie = this.cookie;
    if (this.opts.bearer) h.authorization = `Bearer ${this.opts.bearer}`;
    const res = await fetch(this.base + path, {
      method,
      headers: h,
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
      redirect: "manual",
    });
    const setCookie = res.headers.get("set-cookie");
    if (setCookie) {
      const first = setCookie.split(";")[0]!;
      this.cookie = first.endsWith("=") ? undefined : first;
    }
    const text = await res.text();
    let json: any = undefined;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, json, text };
  }

  get(path: string) {
    return this.request("GET", path);
  }
  post(path: string, body?: unknown, headers?: Record<string, string>) {
    return this.request("POST", path, body ?? {}, headers);
  }
  patch(path: string, body: unknown) {
    return this.request("PATCH", path, body);
  }
  delete(path: string) {
    return this.request("DELETE", path);
  }

  async login(username: string, password: string) {
    const r = await this.post("/api/v1/auth/login", { username, password });
    if (r.status !== 200) throw new Error(`login as ${username} failed: ${r.status} ${r.text}`);
    return r;
  }
}

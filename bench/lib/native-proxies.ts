/**
 * nginx (1 worker) and HAProxy (1 thread) as reference reverse proxies: a generated config in a
 * temp dir, a free loopback port, keep-alive to the upstream with a pool of the same size as
 * Breakwater's (128 connections), no access log.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { TOOLS } from "./ensure-tools";
import { freePort, sleep, stopProc, track, type Child } from "./http-bench";

async function waitServing(url: string, child: { output(): string; proc: { exitCode: number | null } }, name: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.proc.exitCode !== null) throw new Error(`${name} exited with ${child.proc.exitCode}:\n${child.output()}`);
    try {
      const r = await fetch(url);
      await r.arrayBuffer();
      if (r.status === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${name} did not serve ${url} within 15 s:\n${child.output()}`);
    await sleep(100);
  }
}

function startBinary(bin: string, args: string[], port: number): Child {
  const proc = spawn(bin, args, { stdio: ["ignore", "pipe", "pipe"] });
  const { output, exited } = track(proc);
  return { proc, port, pid: proc.pid!, output, stop: () => stopProc(proc, exited) };
}

export async function startNginx(dir: string, upstreamPort: number): Promise<Child> {
  const port = await freePort();
  const root = path.join(dir, "nginx");
  fs.mkdirSync(root, { recursive: true });
  const conf = path.join(root, "nginx.conf");
  fs.writeFileSync(
    conf,
    `worker_processes 1;
daemon off;
pid ${root}/nginx.pid;
error_log stderr warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${root}/body;
  proxy_temp_path ${root}/proxy;
  fastcgi_temp_path ${root}/fastcgi;
  uwsgi_temp_path ${root}/uwsgi;
  scgi_temp_path ${root}/scgi;
  keepalive_requests 1000000;
  upstream up { server 127.0.0.1:${upstreamPort}; keepalive 128; keepalive_requests 1000000; }
  server {
    listen 127.0.0.1:${port};
    location / { proxy_pass http://up; proxy_http_version 1.1; proxy_set_header Connection ""; }
  }
}
`,
  );
  const child = startBinary(TOOLS.nginx.bin, ["-p", `${root}/`, "-c", conf], port);
  await waitServing(`http://127.0.0.1:${port}/data`, child, "nginx");
  return child;
}

export async function startHaproxy(dir: string, upstreamPort: number): Promise<Child> {
  const port = await freePort();
  const cfg = path.join(dir, "haproxy.cfg");
  fs.writeFileSync(
    cfg,
    `global
  nbthread 1
  maxconn 4096
defaults
  mode http
  option http-keep-alive
  timeout connect 5s
  timeout client 60s
  timeout server 60s
  timeout http-keep-alive 60s
frontend fe
  bind 127.0.0.1:${port}
  default_backend be
backend be
  http-reuse always
  server up 127.0.0.1:${upstreamPort} maxconn 128
`,
  );
  const child = startBinary(TOOLS.haproxy.bin, ["-db", "-f", cfg], port);
  await waitServing(`http://127.0.0.1:${port}/data`, child, "haproxy");
  return child;
}

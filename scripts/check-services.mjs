// Fails fast, with one clear line per service, when PostgreSQL or Redis is not reachable.
import net from "node:net";
import pg from "pg";

const PG_URL = process.env.TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

async function checkPostgres() {
  const c = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    await c.query("SELECT 1");
    return null;
  } catch (err) {
    return `PostgreSQL is not reachable at ${PG_URL} (${err.message}); start it or set TEST_PG_URL`;
  } finally {
    await c.end().catch(() => {});
  }
}

function checkRedis() {
  const u = new URL(REDIS_URL);
  return new Promise((resolve) => {
    const s = net.connect({ host: u.hostname, port: Number(u.port || 6379) });
    const fail = (why) => {
      s.destroy();
      resolve(`Redis is not reachable at ${REDIS_URL} (${why}); start it or set TEST_REDIS_URL`);
    };
    s.setTimeout(3000, () => fail("no answer within 3 s"));
    s.once("error", (e) => fail(e.message));
    s.once("connect", () => s.write("PING\r\n"));
    s.once("data", (d) => {
      s.destroy();
      resolve(d.toString().startsWith("+PONG") ? null : `Redis at ${REDIS_URL} answered PING with ${JSON.stringify(d.toString().trim())}`);
    });
  });
}

const problems = (await Promise.all([checkPostgres(), checkRedis()])).filter(Boolean);
for (const p of problems) console.error(p);
process.exit(problems.length ? 1 : 0);

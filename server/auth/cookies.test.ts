import { describe, expect, it } from "vitest";
import { readBearer, readCookie } from "./cookies";

describe("cookie and bearer parsing", () => {
  it("reads one cookie among several, decoding it", () => {
    expect(readCookie("a=1; bw_session=abc%3D; b=2", "bw_session")).toBe("abc=");
    expect(readCookie("a=1", "bw_session")).toBeUndefined();
    expect(readCookie(undefined, "bw_session")).toBeUndefined();
    expect(readCookie("bw_session=%E0%A4%A", "bw_session")).toBeUndefined();
  });
  it("reads a bearer token and ignores other schemes", () => {
    expect(readBearer("Bearer bwt_abc")).toBe("bwt_abc");
    expect(readBearer("bearer   bwt_abc ")).toBe("bwt_abc");
    expect(readBearer("Basic dXNlcjpwYXNz")).toBeUndefined();
    expect(readBearer(null)).toBeUndefined();
  });
});

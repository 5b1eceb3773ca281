import { describe, expect, it } from "vitest";
import { createUserSchema } from "./auth";
import { zodIssuesToDetails } from "./errors";

describe("validation details", () => {
  it("gives one detail per bad field with its dotted path", () => {
    const r = createUserSchema.safeParse({ username: "a", password: 1, role: "root" });
    expect(r.success).toBe(false);
    const details = zodIssuesToDetails(r.error!.issues);
    expect(details.map((d) => d.path).sort()).toEqual(["password", "role", "username"]);
    expect(details.find((d) => d.path === "username")?.message).toBe("must be 3 to 64 characters");
  });
});

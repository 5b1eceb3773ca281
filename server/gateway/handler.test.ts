import { describe, expect, it } from "vitest";
import { serviceNameOf } from "./handler";

describe("gateway service name", () => {
  it("is the first path segment after /gw/", () => {
    expect(serviceNameOf("/gw/payments/charge?x=1")).toBe("payments");
    expect(serviceNameOf("/gw/payments?x=1")).toBe("payments");
    expect(serviceNameOf("/gw/pay%20ments/x")).toBe("pay ments");
    expect(serviceNameOf("/gw/")).toBe("");
  });
});

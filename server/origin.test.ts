import { describe, expect, it } from "vitest";
import { isForeignOrigin } from "./origin.js";

describe("isForeignOrigin", () => {
  const host = "learn.example.ma";
  it("lets safe methods and same-origin posts through", () => {
    expect(isForeignOrigin({ method: "GET", origin: "https://evil.example", host })).toBe(false);
    expect(isForeignOrigin({ method: "POST", origin: "https://learn.example.ma", host })).toBe(false);
    expect(isForeignOrigin({ method: "POST", origin: undefined, host })).toBe(false);
    expect(isForeignOrigin({ method: "POST", origin: "https://public.example.ma", host: "127.0.0.1:3000", publicUrl: "https://public.example.ma" })).toBe(
      false,
    );
  });
  it("refuses posts from another site, an opaque origin or garbage", () => {
    expect(isForeignOrigin({ method: "POST", origin: "https://evil.example", host })).toBe(true);
    expect(isForeignOrigin({ method: "DELETE", origin: "https://learn.example.ma.evil.example", host })).toBe(true);
    expect(isForeignOrigin({ method: "POST", origin: "null", host })).toBe(true);
    expect(isForeignOrigin({ method: "POST", origin: "::::", host })).toBe(true);
  });
});

import { describe, expect, it } from "vitest";
import { isDiallableE164, toE164 } from "./phone.ts";

describe("phone numbers as people type them", () => {
  it("take the national format of the visitor's country, dashes, spaces and full-width digits", () => {
    expect(toE164("090-1234-5678", "JP")).toBe("+819012345678");
    expect(toE164("０９０－１２３４－５６７８", "JP")).toBe("+819012345678");
    expect(toE164("+81 90-1234-5678", undefined)).toBe("+819012345678");
    expect(toE164("(415) 555-0123", "US")).toBe("+14155550123");
    // with a country code the visitor's country does not matter
    expect(toE164("+49 151 23456789", "JP")).toBe("+4915123456789");
  });

  it("leave what is not a number unchanged, for the schema to refuse with its message", () => {
    expect(toE164("090 1234", "JP")).toBe("090 1234");
    expect(toE164("090-1234-5678", undefined)).toBe("090-1234-5678");
    expect(toE164("090-1234-5678", "XX")).toBe("090-1234-5678");
  });

  it("accept only E.164 numbers of a real numbering plan, as the API stores them", () => {
    expect(isDiallableE164("+819012345678")).toBe(true);
    expect(isDiallableE164("+14155550123")).toBe(true);
    expect(isDiallableE164("+81 90 1234 5678")).toBe(false);
    expect(isDiallableE164("090-1234-5678")).toBe(false);
    expect(isDiallableE164("+8190")).toBe(false);
    expect(isDiallableE164("+819012345678901")).toBe(false);
  });
});

import { describe, expect, it } from "vitest";
import { clientAddress, clientAddressHeaders, CLIENT_ADDRESS_HEADER, SERVER_SEAL_HEADER, trustedForwardedProto, withTrustedClientAddress } from "./client-address.ts";

describe("client address", () => {
  it("uses the socket and ignores a spoofed X-Forwarded-For when no proxy is trusted", () => {
    const headers = clientAddressHeaders("1.2.3.4", "10.0.0.7", 0);
    expect(headers[CLIENT_ADDRESS_HEADER]).toBe("10.0.0.7");
    expect(headers["x-forwarded-for"]).toBe("10.0.0.7");
  });

  it("takes the entry appended by the trusted proxies, not the client's own", () => {
    expect(clientAddressHeaders("6.6.6.6, 203.0.113.9", "10.0.0.1", 1)[CLIENT_ADDRESS_HEADER]).toBe("203.0.113.9");
    expect(clientAddressHeaders("6.6.6.6, 203.0.113.9, 10.0.0.2", "10.0.0.1", 2)[CLIENT_ADDRESS_HEADER]).toBe("203.0.113.9");
    expect(clientAddressHeaders(undefined, "10.0.0.1", 1)[CLIENT_ADDRESS_HEADER]).toBe("10.0.0.1");
  });

  it("trusts X-Forwarded-Proto only from the trusted proxies", () => {
    expect(trustedForwardedProto("https", 0)).toBeNull();
    expect(trustedForwardedProto("https", 1)).toBe("https");
    expect(trustedForwardedProto("http, HTTPS", 1)).toBe("https");
    expect(trustedForwardedProto("https, http", 2)).toBe("https");
    expect(trustedForwardedProto(undefined, 1)).toBeNull();
  });

  it("reads the address back from request headers", () => {
    expect(clientAddress(new Headers({ [CLIENT_ADDRESS_HEADER]: "192.0.2.5" }))).toBe("192.0.2.5");
    expect(clientAddress(new Headers())).toBe("unknown");
  });

  it("keeps the address our server worked out only with its seal, and never passes the seal on", () => {
    const seal = "s".repeat(43);
    const sealed = withTrustedClientAddress(new Headers({ [CLIENT_ADDRESS_HEADER]: "10.0.0.7", [SERVER_SEAL_HEADER]: seal }), seal, 0);
    expect(sealed.get(CLIENT_ADDRESS_HEADER)).toBe("10.0.0.7");
    expect(sealed.has(SERVER_SEAL_HEADER)).toBe(false);
    // a client that writes the header itself, with or without a guessed seal, is not believed
    for (const forged of [{}, { [SERVER_SEAL_HEADER]: "guess".repeat(9) }] as Record<string, string>[]) {
      const headers = withTrustedClientAddress(new Headers({ [CLIENT_ADDRESS_HEADER]: "6.6.6.6", "x-forwarded-for": "6.6.6.6, 203.0.113.9", ...forged }), seal, 1);
      expect(headers.get(CLIENT_ADDRESS_HEADER)).toBe("203.0.113.9");
      expect(headers.has(SERVER_SEAL_HEADER)).toBe(false);
    }
  });

  it("under a plain `next start` behind trusted proxies, takes the entry they appended", () => {
    const headers = withTrustedClientAddress(new Headers({ [CLIENT_ADDRESS_HEADER]: "6.6.6.6", "x-forwarded-for": "6.6.6.6, 198.51.100.4, 10.0.0.2" }), undefined, 2);
    expect(headers.get(CLIENT_ADDRESS_HEADER)).toBe("198.51.100.4");
    expect(headers.get("x-forwarded-for")).toBe("198.51.100.4");
  });
});

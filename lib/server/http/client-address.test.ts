import { describe, expect, it } from "vitest";
import { clientAddress, clientAddressHeaders, CLIENT_ADDRESS_HEADER, SERVER_SEAL_HEADER, trustedClientAddress, trustedForwardedProto } from "./client-address.ts";

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

  it("reads no address from a request our server did not seal", () => {
    expect(clientAddress(new Headers({ [CLIENT_ADDRESS_HEADER]: "192.0.2.5" }))).toBe("unknown");
    expect(clientAddress(new Headers())).toBe("unknown");
  });

  it("believes the address our server worked out only with its seal", () => {
    const seal = "s".repeat(43);
    expect(trustedClientAddress(new Headers({ [CLIENT_ADDRESS_HEADER]: "10.0.0.7", [SERVER_SEAL_HEADER]: seal }), seal, 0)).toBe("10.0.0.7");
    // a client that writes the header itself, with or without a guessed seal, is not believed
    for (const forged of [{}, { [SERVER_SEAL_HEADER]: "guess".repeat(9) }] as Record<string, string>[]) {
      const headers = new Headers({ [CLIENT_ADDRESS_HEADER]: "6.6.6.6", "x-forwarded-for": "6.6.6.6, 203.0.113.9", ...forged });
      expect(trustedClientAddress(headers, seal, 1)).toBe("203.0.113.9");
    }
  });

  it("under a plain `next start` behind trusted proxies, takes the entry they appended", () => {
    const headers = new Headers({ [CLIENT_ADDRESS_HEADER]: "6.6.6.6", "x-forwarded-for": "6.6.6.6, 198.51.100.4, 10.0.0.2" });
    expect(trustedClientAddress(headers, undefined, 2)).toBe("198.51.100.4");
  });
});

import { describe, expect, it } from "vitest";
import { clientAddress, clientAddressHeaders, CLIENT_ADDRESS_HEADER, trustedForwardedProto } from "./client-address.ts";

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
});

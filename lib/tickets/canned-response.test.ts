import { describe, expect, it } from "vitest";
import { placeholdersIn, renderCannedResponse, unknownPlaceholders } from "./canned-response.ts";

describe("renderCannedResponse", () => {
  it("fills every known placeholder, with or without spaces inside the braces", () => {
    expect(
      renderCannedResponse("Hello {{customerEmail}}, ticket {{ reference }} is with {{agentName}} at {{brandName}}. ({{reference}})", {
        reference: "SG-7KQ4-92XD",
        customerEmail: "a@example.com",
        agentName: "Ben",
        brandName: "Example Exchange",
      }),
    ).toBe("Hello a@example.com, ticket SG-7KQ4-92XD is with Ben at Example Exchange. (SG-7KQ4-92XD)");
  });

  it("leaves placeholders without a value, unknown names and lone braces as written", () => {
    expect(renderCannedResponse("{{reference}} {{agentName}} {{unknown}} {single} {{ }}", { reference: "SG-1" })).toBe(
      "SG-1 {{agentName}} {{unknown}} {single} {{ }}",
    );
  });

  it("inserts values literally, even ones that look like replacement patterns or placeholders", () => {
    expect(renderCannedResponse("To {{customerEmail}}", { customerEmail: "$& $1 {{reference}}", reference: "SG-1" })).toBe(
      "To $& $1 {{reference}}",
    );
  });

  it("does not read inherited properties as values", () => {
    expect(renderCannedResponse("{{constructor}} {{toString}}", {})).toBe("{{constructor}} {{toString}}");
  });
});

describe("placeholder checks", () => {
  it("lists used and unknown placeholders once each", () => {
    expect(placeholdersIn("{{reference}} {{ agentName }} {{reference}} {{refrence}}")).toEqual(["reference", "agentName", "refrence"]);
    expect(unknownPlaceholders("{{reference}} {{ agentName }} {{refrence}}")).toEqual(["refrence"]);
  });
});

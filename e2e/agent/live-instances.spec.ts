import { randomUUID } from "node:crypto";
import { E2E_AGENTS } from "../fixtures/accounts.ts";
import { expect, test } from "../fixtures/agent.ts";
import { startSecondInstance } from "./second-instance.ts";

test.describe("live updates across app instances", () => {
  test.use({ locale: "en-US" });

  test("a ticket filed through one instance appears live in a queue served by another, and changes follow", async ({
    request,
    agentPage: aiko,
    secondAgentPage: ben,
  }) => {
    test.setTimeout(240_000);
    const second = await startSecondInstance();
    try {
      const marker = `e2e${randomUUID().slice(0, 8)}`;
      // Ben's queue is served by the second instance (the session cookie is valid on both: one secret).
      await ben.goto(`${second.baseURL}/agent?q=${marker}`);
      await expect(ben.getByTestId("queue-empty")).toBeVisible();
      await expect(ben.getByTestId("live-indicator")).toHaveAttribute("data-state", "live");

      // Filed through the first instance's public intake API.
      const response = await request.post("/api/v1/tickets", {
        data: {
          category: "SMS",
          contactEmail: `${marker}@example.com`,
          language: "en",
          description: `The SMS code never arrives while I am abroad (${marker}).`,
          details: { phoneNumber: "+819012345678", problem: "NO_SMS", currentCountry: "SG" },
        },
      });
      expect(response.status()).toBe(201);
      const { reference } = (await response.json()) as { reference: string };

      const row = ben.getByTestId("queue-row");
      await expect(row).toHaveCount(1);
      await expect(row.first()).toContainText(reference);
      await expect(ben.getByTestId("status-count-NEW")).toContainText("1");

      // A change made on the first instance re-renders the second instance's queue.
      await aiko.goto(`/agent/tickets/${reference}`);
      await aiko.getByTestId("claim-button").click();
      await expect(aiko.getByTestId("ticket-owner")).toContainText(E2E_AGENTS[0].name);
      await expect(row.first().getByTestId("queue-assignee")).toHaveText(E2E_AGENTS[0].name);
      await expect(row.first()).toContainText("Open");
    } finally {
      await second.stop();
    }
  });
});

import { randomUUID } from "node:crypto";
import { expect, test } from "../fixtures/agent.ts";
import { queryE2eDatabase } from "../fixtures/db.ts";

test.use({ locale: "en-US" });

// The browser tests run without SMTP_URL, like the embedded demo: mail is kept in the outbox.
test("an admin reads kept mail on the Outbox page, follows its status link and retries a failed message", async ({ adminPage, request }) => {
  const marker = `outbox${randomUUID().slice(0, 8)}`;
  const response = await request.post("/api/v1/tickets", {
    data: {
      category: "TWO_FA",
      contactEmail: `${marker}@example.com`,
      language: "en",
      description: `My 2FA code is 482913 and the app rejects it (${marker}).`,
      details: { problem: "CODE_REJECTED", hasBackupKey: true, phoneVerified: "YES", deviceChangedRecently: false },
    },
  });
  expect(response.status()).toBe(201);
  const { reference, statusUrl } = (await response.json()) as { reference: string; statusUrl: string };
  const [queued] = await queryE2eDatabase<{ id: string; status: string }>(
    "SELECT o.id, o.status FROM outbox_messages o JOIN tickets t ON t.id = o.ticket_id WHERE t.reference = $1",
    [reference],
  );
  expect(queued!.status).toBe("PENDING");

  await adminPage.goto("/agent/admin");
  await adminPage.getByRole("navigation", { name: "Administration sections" }).getByRole("link", { name: "Outbox" }).click();
  await expect(adminPage.getByRole("heading", { level: 1, name: "Outbox" })).toBeVisible();
  await expect(adminPage.getByTestId("outbox-delivery")).toContainText("No mail server is configured");

  const row = adminPage.getByTestId(`outbox-row-${queued!.id}`);
  await expect(row).toContainText("Request received");
  await expect(row).toContainText(reference);
  await expect(row).toContainText(`To ${marker}@example.com`);
  await expect(row).toContainText("Not sent: no mail server");
  await row.getByText(`[${reference}] We received your request`).click();
  const text = row.getByTestId("outbox-text");
  await expect(text).toBeVisible();
  await expect(text).toContainText(`Your reference is ${reference}`);
  await expect(text).toContainText("will never ask for your password, 2FA codes, backup key or seed phrase");
  await expect(text).toContainText(statusUrl);
  await expect(text).not.toContainText("482913");

  // The link in the mail opens the customer's status page.
  const link = /http:\/\/\S+\/status\/[A-Za-z0-9_-]{43}/.exec((await text.textContent()) ?? "")![0];
  const customer = await adminPage.context().newPage();
  await customer.goto(new URL(link).pathname);
  await expect(customer.getByText(reference)).toBeVisible();
  await customer.close();

  // A message the mail server refused for good shows why, and can be queued again.
  await queryE2eDatabase("UPDATE outbox_messages SET status = 'FAILED', attempts = 20, last_error = $2 WHERE id = $1", [
    queued!.id,
    "EENVELOPE: 550 mailbox unavailable",
  ]);
  await adminPage.reload();
  await expect(row).toContainText("Failed");
  await expect(row.getByTestId("outbox-last-error")).toHaveText("Last error: EENVELOPE: 550 mailbox unavailable");
  await row.getByRole("button", { name: "Try again" }).click();
  await expect(row).toContainText("Not sent: no mail server");
  await expect(row.getByRole("button", { name: "Try again" })).toHaveCount(0);
  const [retried] = await queryE2eDatabase<{ status: string; attempts: number }>("SELECT status, attempts FROM outbox_messages WHERE id = $1", [queued!.id]);
  expect(retried).toEqual({ status: "PENDING", attempts: 0 });
});

test("an agent who is not an admin is refused the Outbox page and sees no mail", async ({ agentPage, request }) => {
  const marker = `outbox${randomUUID().slice(0, 8)}`;
  const response = await request.post("/api/v1/tickets", {
    data: {
      category: "EMAIL",
      contactEmail: `${marker}@example.com`,
      language: "en",
      description: `The verification mail never arrives (${marker}).`,
      details: { mailType: "SIGNUP_VERIFICATION", checkedSpam: true },
    },
  });
  expect(response.status()).toBe(201);
  const { reference } = (await response.json()) as { reference: string };

  await agentPage.goto("/agent/admin/outbox");
  await expect(agentPage.getByRole("main").getByRole("alert")).toHaveText(/for administrators/);
  await expect(agentPage.getByRole("heading", { name: "Outbox" })).toHaveCount(0);
  await expect(agentPage.getByTestId("outbox-delivery")).toHaveCount(0);
  await expect(agentPage.getByText(reference)).toHaveCount(0);
  await expect(agentPage.getByText(`${marker}@example.com`)).toHaveCount(0);
});

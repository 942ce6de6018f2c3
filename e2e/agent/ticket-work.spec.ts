import { randomUUID } from "node:crypto";
import { E2E_AGENTS } from "../fixtures/accounts.ts";
import { expect, test } from "../fixtures/agent.ts";
import { queryE2eDatabase } from "../fixtures/db.ts";
import { insertCannedResponse, insertTicket } from "./tickets.ts";

const AIKO = E2E_AGENTS[0];

test.describe("working a ticket", () => {
  test.use({ locale: "en-US" });

  test("an agent filters the queue, claims, replies with a canned response, adds a note and resolves; the customer sees only the reply", async ({
    agentPage: page,
    page: customer,
  }) => {
    const marker = `e2e${randomUUID().slice(0, 8)}`;
    const ticket = await insertTicket({
      category: "TWO_FA",
      language: "en",
      contactEmail: `${marker}@example.com`,
      description: `Authenticator codes are rejected since I changed phones (${marker}).`,
      details: { problem: "CODE_REJECTED", hasBackupKey: true, phoneVerified: "YES", deviceChangedRecently: true },
      stepsTried: [
        { stepKey: "two-fa.current-code", answer: "STILL_STUCK" },
        { stepKey: "two-fa.time-sync", answer: "STILL_STUCK" },
      ],
    });
    await insertCannedResponse({
      category: "TWO_FA",
      language: "en",
      title: `Clock check ${marker}`,
      body: "Hello, about {{reference}}: please set your phone's clock to automatic and try the newest code. {{agentName}}, {{brandName}} Support",
    });

    // Filter the queue the way an agent would; every choice lands in the URL.
    await page.goto("/agent");
    await page.getByLabel("Category").selectOption("TWO_FA");
    await expect(page).toHaveURL(/category=TWO_FA/);
    await page.getByLabel("Assignee").selectOption("unassigned");
    await expect(page).toHaveURL(/assignee=unassigned/);
    await page.getByLabel("Search").fill(marker);
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`q=${marker}`));
    const rows = page.getByTestId("queue-row");
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText(ticket.reference);
    await expect(rows.first()).toContainText("Due in 23h");
    await expect(page.getByTestId("status-count-NEW")).toContainText("1");
    await expect(page.getByTestId("status-count-OPEN")).toContainText("0");

    // The bookmarked view opens the same way.
    await page.goto(page.url());
    await expect(rows).toHaveCount(1);

    await rows.first().getByRole("link", { name: ticket.reference }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(ticket.reference);
    await expect(page.locator('[data-detail="problem"]')).toContainText("Code rejected");
    await expect(page.locator('[data-detail="hasBackupKey"]')).toContainText("Yes");
    const steps = page.getByTestId("steps-tried");
    await expect(steps).toContainText("Enter the code shown right now");
    await expect(steps).toContainText("Set your phone's clock to automatic");
    await expect(page.getByTestId("live-indicator")).toHaveAttribute("data-state", "live");

    await page.getByTestId("claim-button").click();
    await expect(page.getByTestId("ticket-notice")).toHaveText("You claimed this ticket.");
    await expect(page.getByTestId("ticket-owner")).toContainText(AIKO.name);
    await expect(page.getByTestId("ticket-status")).toHaveText("Open");

    await page.getByLabel("Canned response (English)").selectOption({ label: `Clock check ${marker}` });
    const reply = `Hello, about ${ticket.reference}: please set your phone's clock to automatic and try the newest code. ${AIKO.name}, Example Exchange Support`;
    await expect(page.getByRole("textbox", { name: "Reply to the customer" })).toHaveValue(reply);
    await page.getByRole("button", { name: "Send reply" }).click();
    await expect(page.getByTestId("ticket-notice")).toHaveText("Reply sent.");
    await expect(page.getByTestId("ticket-status")).toHaveText("Pending");

    const note = `Device log shows a 4 minute clock drift (${marker})`;
    const noteBox = page.getByRole("textbox", { name: "Internal note", exact: true });
    await expect(noteBox).toBeHidden();
    // Shortcuts stay quiet while typing: "n" in the reply box is just a letter.
    await page.getByRole("textbox", { name: "Reply to the customer" }).fill("draft");
    await page.getByRole("textbox", { name: "Reply to the customer" }).press("n");
    await expect(noteBox).toBeHidden();
    await page.getByRole("textbox", { name: "Reply to the customer" }).fill("");
    await page.getByRole("heading", { level: 1 }).click();
    await page.keyboard.press("n");
    await expect(noteBox).toBeFocused();
    await expect(page.getByRole("textbox", { name: "Reply to the customer" })).toBeHidden();
    await page.keyboard.type(note);
    await page.getByRole("button", { name: "Add internal note" }).click();
    await expect(page.getByTestId("ticket-notice")).toHaveText("Internal note added.");

    const conversation = page.getByTestId("conversation-entry");
    await expect(conversation).toHaveCount(2);
    await expect(conversation.nth(0)).toHaveAttribute("data-kind", "PUBLIC_REPLY");
    await expect(conversation.nth(0)).toContainText("Public reply");
    await expect(conversation.nth(1)).toHaveAttribute("data-kind", "INTERNAL_NOTE");
    await expect(conversation.nth(1)).toContainText("Internal note · agents only");

    await page.getByTestId("resolve-button").click();
    await expect(page.getByTestId("ticket-notice")).toHaveText("Ticket resolved.");
    await expect(page.getByTestId("ticket-status")).toHaveText("Resolved");
    const history = page.getByTestId("ticket-history");
    await expect(history).toContainText("Changed the status: Pending → Resolved");
    await expect(history).toContainText(`Claimed: nobody → ${AIKO.name}`);

    const [stored] = await queryE2eDatabase<{ status: string; first_responded_at: Date | null; version: number }>(
      "SELECT status, first_responded_at, version FROM tickets WHERE id = $1",
      [ticket.id],
    );
    expect(stored).toMatchObject({ status: "RESOLVED", version: 4 });
    expect(stored!.first_responded_at).not.toBeNull();

    // The customer's private status page shows the reply, never the note.
    await customer.goto(ticket.statusPath);
    await expect(customer.getByText(reply)).toBeVisible();
    await expect(customer.getByText(note)).toHaveCount(0);
    await expect(customer.locator("body")).not.toContainText("clock drift");
  });

  test("a second agent sees the claim live, is told their form is stale and is refused when claiming", async ({
    agentPage: aiko,
    secondAgentPage: ben,
  }) => {
    const marker = `e2e${randomUUID().slice(0, 8)}`;
    const ticket = await insertTicket({
      category: "ACCOUNT",
      language: "ja",
      contactEmail: `${marker}@example.jp`,
      description: `アカウントが凍結されました。本人確認書類は準備できています(${marker})。`,
      details: { problem: "FROZEN", noticeReason: "本人確認が完了していません", suspectedUnauthorizedAccess: false },
    });

    await ben.goto(`/agent/tickets/${ticket.reference}`);
    await expect(ben.getByTestId("live-indicator")).toHaveAttribute("data-state", "live");
    await aiko.goto(`/agent/tickets/${ticket.reference}`);
    await expect(aiko.getByTestId("live-indicator")).toHaveAttribute("data-state", "live");
    // Each page's heartbeat tells the other who else has the ticket open.
    await expect(ben.getByTestId("ticket-presence")).toContainText(AIKO.name, { timeout: 20_000 });

    await aiko.keyboard.press("c");
    await expect(aiko.getByTestId("ticket-owner")).toContainText(AIKO.name);

    // Ben did not reload: his page follows the change and warns that his forms are stale.
    await expect(ben.getByTestId("ticket-owner")).toContainText(AIKO.name);
    await expect(ben.getByTestId("ticket-status")).toHaveText("Open");
    await expect(ben.getByTestId("stale-banner")).toContainText(`${AIKO.name} changed this ticket after you opened it`);
    await ben.getByTestId("claim-button").click();
    await expect(ben.getByTestId("ticket-notice")).toHaveText(`${AIKO.name} already owns this ticket.`);

    const [stored] = await queryE2eDatabase<{ name: string; version: number }>(
      "SELECT users.name, tickets.version FROM tickets JOIN users ON users.id = tickets.assignee_id WHERE tickets.id = $1",
      [ticket.id],
    );
    expect(stored).toEqual({ name: AIKO.name, version: 2 });
    const claims = await queryE2eDatabase("SELECT 1 FROM audit_events WHERE ticket_id = $1 AND action = 'ticket.claimed'", [ticket.id]);
    expect(claims).toHaveLength(1);

    // Loading the latest version takes the stale warning away; the claim button is gone, Aiko owns it.
    await ben.getByRole("button", { name: "Load the latest version" }).click();
    await expect(ben.getByTestId("stale-banner")).toHaveCount(0);
    await expect(ben.getByTestId("claim-button")).toHaveCount(0);
  });
});

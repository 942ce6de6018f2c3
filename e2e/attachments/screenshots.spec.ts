import sharp from "sharp";
import { randomUUID } from "node:crypto";
import { expect, test } from "../fixtures/agent.ts";
import { queryE2eDatabase } from "../fixtures/db.ts";
import * as corpus from "@/lib/server/attachments/test-corpus.ts";
import { expectUploaded, fillEmailTicketForm, pasteImage, pickedFiles, statusLinkAfterSubmit } from "../support/screenshots.ts";

type StoredAttachment = { id: string; state: string; storage: string; original_name: string; content_type: string; ticket_id: string | null; message_id: string | null };

async function attachmentsOf(ticketId: string) {
  return queryE2eDatabase<StoredAttachment>(
    `SELECT id, state::text, storage::text, original_name, content_type, ticket_id, message_id
       FROM attachments WHERE ticket_id = $1 ORDER BY created_at`,
    [ticketId],
  );
}

async function ticketByEmail(contactEmail: string): Promise<{ id: string; reference: string }> {
  const [ticket] = await queryE2eDatabase<{ id: string; reference: string }>("SELECT id, reference FROM tickets WHERE contact_email = $1", [contactEmail]);
  if (!ticket) throw new Error(`no ticket for ${contactEmail}`);
  return ticket;
}

test.describe("screenshots, local-disk backend", () => {
  test.use({ locale: "en-US" });

  test("attach by picker and by paste, remove one, submit; the link holder and agents can read them, nobody else", async ({ page, browser, agentPage, baseURL }) => {
    const files = await pickedFiles();
    const contactEmail = `screens-${randomUUID().slice(0, 8)}@example.com`;
    await page.goto("/help/email/request");
    await fillEmailTicketForm(page, contactEmail, "The verification mail never arrives. Screenshots attached.");

    await page.getByLabel("Screenshots (optional)").setInputFiles([files.loginError, files.photo]);
    await expectUploaded(page, ["login-error.png", "phone-photo.jpg"]);
    // Ctrl+V of a screenshot while typing the description
    await pasteImage(page, await corpus.samplePng(2, 200, 120), "textarea");
    await expectUploaded(page, ["login-error.png", "phone-photo.jpg", /^screenshot-[\d-]+-1\.png$/]);

    // an HTML page renamed to .png passes the browser's type check, not the server's content check
    await page.getByLabel("Screenshots (optional)").setInputFiles([files.fake]);
    await expect(page.getByRole("alert").filter({ hasText: "invoice.png" })).toHaveText("invoice.png: This is not a PNG, JPEG or WebP image.");
    await page.getByRole("button", { name: "Remove invoice.png" }).click();

    // removing a screenshot takes it back off the server too
    const [removed] = await queryE2eDatabase<{ id: string }>("SELECT id FROM attachments WHERE original_name = 'login-error.png' ORDER BY created_at DESC LIMIT 1");
    await page.getByRole("button", { name: "Remove login-error.png" }).click();
    await expectUploaded(page, ["phone-photo.jpg", /^screenshot-[\d-]+-1\.png$/]);
    await expect.poll(async () => (await queryE2eDatabase("SELECT 1 FROM attachments WHERE id = $1", [removed!.id])).length).toBe(0);

    await page.getByRole("button", { name: "Send request" }).click();
    const { statusUrl, statusToken } = await statusLinkAfterSubmit(page);
    const ticket = await ticketByEmail(contactEmail);
    const stored = await attachmentsOf(ticket.id);
    expect(stored.map((row) => [row.state, row.storage, row.original_name.replace(/\d/g, "0"), row.content_type, row.message_id])).toEqual([
      ["ATTACHED", "LOCAL", "phone-photo.jpg", "image/jpeg", null],
      ["ATTACHED", "LOCAL", "screenshot-0000-00-00-00-00-00-0.png", "image/png", null],
    ]);

    // the status page shows both; the photo's GPS position is gone; the headers pin the type
    await page.goto(statusUrl);
    const gallery = page.getByRole("region", { name: "Screenshots" });
    await expect(gallery.getByRole("button", { name: /^Open .* full size$/ })).toHaveCount(2);
    await expect.poll(() => gallery.locator("img").evaluateAll((images) => images.every((image) => (image as HTMLImageElement).naturalWidth > 0))).toBe(true);
    // the gallery loads small WebP thumbnails, not the full files
    const thumbnailSrc = await gallery.locator("img").first().getAttribute("src");
    expect(thumbnailSrc).toContain("size=thumb");
    expect((await page.request.get(thumbnailSrc!)).headers()["content-type"]).toBe("image/webp");
    const photoUrl = `/api/attachments/${stored[0]!.id}?token=${statusToken}`;
    const photo = await page.request.get(photoUrl);
    expect(photo.status()).toBe(200);
    expect(photo.headers()).toMatchObject({
      "content-type": "image/jpeg",
      "x-content-type-options": "nosniff",
      "content-security-policy": "sandbox; default-src 'none'",
      "content-disposition": `inline; filename="screenshot-${stored[0]!.id}.jpg"`,
    });
    expect(photo.headers()["cache-control"]).toMatch(/^private/);
    const metadata = await sharp(await photo.body()).metadata();
    expect(metadata.exif).toBeUndefined();
    expect(corpus.exifHasGps(metadata.exif)).toBe(false);

    // a second browser without the link: 404, exactly like an id that does not exist
    const stranger = await browser.newContext({ baseURL });
    try {
      const forbidden = await stranger.request.get(`/api/attachments/${stored[0]!.id}`);
      const wrongToken = await stranger.request.get(`/api/attachments/${stored[0]!.id}?token=${"A".repeat(43)}`);
      const missing = await stranger.request.get(`/api/attachments/${randomUUID()}`);
      expect([forbidden.status(), wrongToken.status(), missing.status()]).toEqual([404, 404, 404]);
      expect(await forbidden.text()).toBe(await missing.text());
      const strangerPage = await stranger.newPage();
      await strangerPage.goto(photoUrl.replace(statusToken, "B".repeat(43)));
      await expect(strangerPage.locator("img")).toHaveCount(0);
    } finally {
      await stranger.close();
    }

    // a signed-in agent may read them (the ticket view's gallery loads these URLs)
    for (const attachment of stored) expect((await agentPage.request.get(`/api/attachments/${attachment.id}`)).status()).toBe(200);
  });

  test("an agent sees a ticket's screenshots in the ticket view and opens them full size", async ({ page, agentPage }) => {
    const files = await pickedFiles();
    const contactEmail = `gallery-${randomUUID().slice(0, 8)}@example.com`;
    await page.goto("/help/email/request");
    await fillEmailTicketForm(page, contactEmail, "Sign-up mail missing; two screenshots attached.");
    // one after the other, so the gallery's order (upload order) is known
    await page.getByLabel("Screenshots (optional)").setInputFiles([files.photo]);
    await expectUploaded(page, ["phone-photo.jpg"]);
    await page.getByLabel("Screenshots (optional)").setInputFiles([files.loginError]);
    await expectUploaded(page, ["phone-photo.jpg", "login-error.png"]);
    await page.getByRole("button", { name: "Send request" }).click();
    await statusLinkAfterSubmit(page);
    const ticket = await ticketByEmail(contactEmail);

    await agentPage.goto(`/agent/tickets/${ticket.reference}`);
    const agentGallery = agentPage.getByRole("region", { name: "Screenshots" });
    await expect.poll(() => agentGallery.locator("img").evaluateAll((images) => images.map((image) => (image as HTMLImageElement).naturalWidth))).toEqual([96, 320]);
    await agentGallery.getByRole("button", { name: "Open phone-photo.jpg full size" }).click();
    await expect(agentPage.getByRole("dialog", { name: /Screenshot 1 of 2: phone-photo.jpg/ }).getByRole("img", { name: "phone-photo.jpg" })).toBeVisible();
    await agentPage.keyboard.press("ArrowRight");
    await expect(agentPage.getByRole("dialog", { name: /Screenshot 2 of 2: login-error.png/ })).toBeVisible();
    await agentPage.keyboard.press("Escape");
    await expect(agentPage.getByRole("dialog")).toHaveCount(0);
    await expect(agentGallery.getByRole("button", { name: "Open phone-photo.jpg full size" })).toBeFocused();
  });

  test("a reply from the status page carries its screenshots", async ({ page }) => {
    const contactEmail = `reply-${randomUUID().slice(0, 8)}@example.com`;
    await page.goto("/help/email/request");
    await fillEmailTicketForm(page, contactEmail, "Password reset mail missing, no screenshots yet.");
    await page.getByRole("button", { name: "Send request" }).click();
    const { statusUrl } = await statusLinkAfterSubmit(page);
    await page.goto(statusUrl);

    await page.getByLabel("Screenshots (optional)").setInputFiles([{ name: "spam-folder.webp", mimeType: "image/webp", buffer: await corpus.sampleWebp(3) }]);
    await expectUploaded(page, ["spam-folder.webp"]);
    await page.getByLabel("Your reply").fill("Here is my spam folder, nothing there.");
    await page.getByRole("button", { name: "Send reply" }).click();
    await expect(page.getByText("Your reply was sent.")).toBeVisible();

    const ticket = await ticketByEmail(contactEmail);
    const [attachment] = await attachmentsOf(ticket.id);
    const [message] = await queryE2eDatabase<{ id: string }>("SELECT id FROM messages WHERE ticket_id = $1", [ticket.id]);
    expect(attachment).toMatchObject({ state: "ATTACHED", original_name: "spam-folder.webp", message_id: message!.id });
    await expect(page.getByRole("region", { name: "Screenshots" }).getByRole("button", { name: "Open spam-folder.webp full size" })).toBeVisible();
    // the picker starts over for the next reply
    await expect(page.getByRole("list", { name: "Attached screenshots" })).toHaveCount(0);
  });
});

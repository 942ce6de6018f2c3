import { expect, type Page } from "@playwright/test";
import * as corpus from "@/lib/server/attachments/test-corpus.ts";

export type FilePayload = { name: string; mimeType: string; buffer: Buffer };

/** The files a person would pick: two screenshots and a phone photo with a GPS position. */
export async function pickedFiles(): Promise<{ loginError: FilePayload; photo: FilePayload; fake: FilePayload }> {
  return {
    loginError: { name: "login-error.png", mimeType: "image/png", buffer: await corpus.samplePng(1, 320, 200) },
    photo: { name: "phone-photo.jpg", mimeType: "image/jpeg", buffer: await corpus.jpegWithGps() },
    fake: { name: "invoice.png", mimeType: "image/png", buffer: corpus.htmlRenamedAsPng() },
  };
}

/** Pastes an image the way a browser does after Ctrl+V / ⌘V of a screenshot (named image.png). */
export async function pasteImage(page: Page, bytes: Buffer, target = "body"): Promise<void> {
  await page.locator(target).evaluate((element, base64) => {
    const binary = atob(base64);
    const data = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) data[i] = binary.charCodeAt(i);
    const transfer = new DataTransfer();
    transfer.items.add(new File([data], "image.png", { type: "image/png" }));
    element.dispatchEvent(new ClipboardEvent("paste", { clipboardData: transfer, bubbles: true, cancelable: true }));
  }, bytes.toString("base64"));
}

/** Waits until the picker shows `count` thumbnails and none is still uploading. */
export async function expectUploaded(page: Page, names: (string | RegExp)[]): Promise<void> {
  const list = page.getByRole("list", { name: /Attached screenshots|添付したスクリーンショット/ });
  await expect(list.getByRole("listitem")).toHaveCount(names.length);
  for (const name of names) await expect(list.getByRole("img", { name })).toBeVisible();
  await expect(list.locator("progress")).toHaveCount(0, { timeout: 30_000 });
}

/** Fills the EMAIL ticket form's required fields (the form of the intake area). */
export async function fillEmailTicketForm(page: Page, contactEmail: string, description: string): Promise<void> {
  await page.getByLabel("Your contact email").fill(contactEmail);
  await page.getByRole("group", { name: "Which email is missing?" }).getByLabel("Sign-up verification").check();
  await page.getByRole("group", { name: "Did you check the spam, junk and trash folders?" }).getByLabel("No").check();
  await page.getByLabel("What happened?").fill(description);
}

/** After submitting: the confirmation page, then the private status link. */
export async function statusLinkAfterSubmit(page: Page): Promise<{ statusUrl: string; statusToken: string }> {
  await expect(page).toHaveURL(/\/status\/[A-Za-z0-9_-]{43}\/received$/, { timeout: 30_000 });
  const statusUrl = page.url().replace(/\/received$/, "");
  return { statusUrl, statusToken: statusUrl.split("/").pop()! };
}

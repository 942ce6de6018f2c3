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
  await expect(list.locator("progress")).toHaveCount(0);
}

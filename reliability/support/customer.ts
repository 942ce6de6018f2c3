// What a customer's browser does on the status page, over HTTP: upload a screenshot to
// /api/attachments and send the reply form's server action.
import { randomBytes } from "node:crypto";
import { serverActions } from "../../e2e/fixtures/build-manifest.ts";
import { UPLOAD_TOKEN_HEADER } from "@/lib/validation/attachment.ts";

/** A fresh upload capability, as the reply form holds one. */
export const newUploadToken = () => randomBytes(32).toString("base64url");

export type UploadAnswer = { status: number; body: string; id?: string };

export async function uploadScreenshot(baseURL: string, uploadToken: string, bytes: Buffer, headers: Record<string, string> = {}): Promise<UploadAnswer> {
  const response = await fetch(`${baseURL}/api/attachments`, {
    method: "POST",
    headers: { "content-type": "image/png", [UPLOAD_TOKEN_HEADER]: uploadToken, "x-upload-file-name": "screenshot.png", ...headers },
    body: new Uint8Array(bytes),
    signal: AbortSignal.timeout(30_000),
  });
  const body = await response.text();
  let id: string | undefined;
  if (response.status === 201) id = (JSON.parse(body) as { id: string }).id;
  return { status: response.status, body, id };
}

function replyActionId(): string {
  const action = serverActions().find((candidate) => candidate.exportedName === "replyToTicketAction");
  if (!action) throw new Error("replyToTicketAction is not in the build's server-reference manifest");
  return action.id;
}

export type ReplyAnswer = { status: number; body: string; state?: string; messageId?: string };

/**
 * Sends the reply form as React does: the action's arguments (previous state, the form data) in
 * a multipart body, the form's fields under the "_1_" prefix React gives the FormData argument.
 */
export async function sendReply(
  baseURL: string,
  statusToken: string,
  fields: { body: string; uploadToken?: string; attachmentIds?: string[] },
  headers: Record<string, string> = {},
): Promise<ReplyAnswer> {
  const form = new FormData();
  form.set("_1_token", statusToken);
  form.set("_1_body", fields.body);
  if (fields.uploadToken) form.set("_1_uploadToken", fields.uploadToken);
  for (const id of fields.attachmentIds ?? []) form.append("_1_attachmentIds", id);
  form.set("0", JSON.stringify([{}, "$K1"]));
  const response = await fetch(`${baseURL}/status/${statusToken}`, {
    method: "POST",
    headers: { "next-action": replyActionId(), accept: "text/x-component", "accept-language": "en", origin: baseURL, ...headers },
    body: form,
    signal: AbortSignal.timeout(30_000),
  });
  const body = await response.text();
  // The action layer's answer: data.outcome on success, an ActionFailure under serverError or validationErrors otherwise.
  const outcome = /"outcome":"(sent|closed)"/.exec(body)?.[1];
  const failure = /"(serverError|validationErrors)":\{"ok":false,"code":"([A-Z_]+)"/.exec(body);
  const state = outcome ?? (failure ? (failure[1] === "validationErrors" || failure[2] === "VALIDATION_FAILED" ? "invalid" : "error") : undefined);
  const messageId = /"messageId":"([0-9a-f-]{36})"/.exec(body)?.[1];
  return { status: response.status, body, state, messageId };
}

import "server-only";
import { AppError } from "@/lib/errors.ts";

/**
 * Reads a request body as UTF-8 text, refusing it with PAYLOAD_TOO_LARGE as soon as it passes
 * `maxBytes`, whether or not the client declared a Content-Length, so an oversized body is
 * never buffered whole.
 */
export async function readBodyWithLimit(request: Request, maxBytes: number): Promise<string> {
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > maxBytes) {
    throw new AppError("PAYLOAD_TOO_LARGE", { detail: `declared ${declared} bytes` });
  }
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.byteLength;
    if (received > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new AppError("PAYLOAD_TOO_LARGE", { detail: `more than ${maxBytes} bytes` });
    }
    chunks.push(value);
  }
  return new TextDecoder("utf-8", { fatal: false }).decode(Buffer.concat(chunks));
}

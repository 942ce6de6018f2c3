// A local stand-in for UploadThing's ingest, file and API hosts, implementing exactly what
// uploadthing 7.7.4 calls (read from node_modules/uploadthing/dist/upload-builder-*.js,
// client/index.js and server/index.js):
//   our route handler  POST /route-metadata           register the keys, metadata and callback URL
//   the browser        HEAD /<key>?<signed>           resume offset (x-ut-range-start)
//   the browser / UTApi PUT /<key>?<signed>           multipart "file"; for keys registered by a
//                                                     route: POST the signed callback to our app,
//                                                     wait for POST /callback-result, answer with
//                                                     the serverData (awaitServerData)
//   UTApi              POST /v6/deleteFiles           delete by key
//   UTApi signed URLs  GET  /a/<appId>/<key>?<signed> read a file (ufsAppIdLocation "path")
// Signatures are the SDK's HMAC-SHA256 over the URL / body with the token's API key.
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { Readable } from "node:stream";

export type StandInFile = { key: string; name: string; type: string; bytes: Buffer; fromRoute: boolean };

export type UploadThingStandIn = {
  url: string;
  token: string;
  files: Map<string, StandInFile>;
  deletedKeys: string[];
  /** Environment for an app server that should use this stand-in. */
  environment: Record<string, string>;
  close(): Promise<void>;
};

type Registration = { metadata: unknown; callbackUrl: string; callbackSlug: string };

function sign(payload: string, apiKey: string): string {
  return `hmac-sha256=${createHmac("sha256", apiKey).update(payload).digest("hex")}`;
}

function signatureMatches(payload: string, signature: string | null, apiKey: string): boolean {
  if (!signature) return false;
  const expected = Buffer.from(sign(payload, apiKey));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** A URL the SDK signed: the signature is the last parameter, over everything before it. */
function verifySignedUrl(fullUrl: string, apiKey: string): URL | null {
  const at = fullUrl.lastIndexOf("&signature=");
  if (at < 0) return null;
  const signature = decodeURIComponent(fullUrl.slice(at + "&signature=".length));
  if (!signatureMatches(fullUrl.slice(0, at), signature, apiKey)) return null;
  const url = new URL(fullUrl);
  if (Number(url.searchParams.get("expires")) < Date.now()) return null;
  return url;
}

async function bodyOf(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function startUploadThingStandIn(port: number): Promise<UploadThingStandIn> {
  const url = `http://localhost:${port}`;
  const apiKey = "sk_test_local_stand_in";
  const appId = "standinapp";
  const token = Buffer.from(JSON.stringify({ apiKey, appId, regions: ["local"] })).toString("base64");
  const files = new Map<string, StandInFile>();
  const deletedKeys: string[] = [];
  const registrations = new Map<string, Registration>();
  const callbackResults = new Map<string, (data: unknown) => void>();

  const cors = (request: IncomingMessage, response: ServerResponse) => {
    response.setHeader("Access-Control-Allow-Origin", request.headers.origin ?? "*");
    response.setHeader("Access-Control-Allow-Methods", "GET, HEAD, PUT, POST, OPTIONS");
    response.setHeader("Access-Control-Allow-Headers", request.headers["access-control-request-headers"] ?? "*");
    response.setHeader("Access-Control-Expose-Headers", "x-ut-range-start");
  };
  const json = (response: ServerResponse, status: number, body: unknown) => {
    response.writeHead(status, { "Content-Type": "application/json" });
    response.end(JSON.stringify(body));
  };
  const requireApiKey = (request: IncomingMessage, response: ServerResponse) => {
    if (request.headers["x-uploadthing-api-key"] === apiKey) return true;
    json(response, 401, { error: "invalid api key" });
    return false;
  };
  const fileUrl = (key: string) => `${url}/a/${appId}/${key}`;

  async function handleUpload(request: IncomingMessage, response: ServerResponse, key: string, signed: URL) {
    const declaredSize = Number(decodeURIComponent(signed.searchParams.get("x-ut-file-size") ?? "0"));
    const form = await new Request(`${url}/`, {
      method: "PUT",
      headers: { "content-type": request.headers["content-type"] ?? "" },
      body: Readable.toWeb(request) as ReadableStream,
      duplex: "half",
    } as RequestInit).formData();
    const part = form.get("file");
    if (!(part instanceof Blob)) return json(response, 400, { error: "no file part" });
    const bytes = Buffer.from(await part.arrayBuffer());
    if (bytes.length > declaredSize) return json(response, 413, { error: "file larger than the signed size" });
    const name = decodeURIComponent(signed.searchParams.get("x-ut-file-name") ?? key);
    const type = decodeURIComponent(signed.searchParams.get("x-ut-file-type") ?? "application/octet-stream");
    const registration = registrations.get(key);
    files.set(key, { key, name, type, bytes, fromRoute: Boolean(registration) });
    const fileHash = createHash("md5").update(bytes).digest("hex");
    const uploaded = { url: fileUrl(key), appUrl: fileUrl(key), ufsUrl: fileUrl(key), fileHash };
    if (!registration) return json(response, 200, uploaded);

    // As the real ingest does: tell the app (signed), then hand its server data to the browser.
    const serverData = new Promise<unknown>((resolve) => callbackResults.set(key, resolve));
    const payload = JSON.stringify({
      status: "uploaded",
      file: { name, size: bytes.length, type, customId: null, key, ...uploaded, lastModified: Date.now() },
      origin: url,
      metadata: registration.metadata,
    });
    const callback = new URL(registration.callbackUrl);
    callback.searchParams.set("slug", registration.callbackSlug);
    const answer = await fetch(callback, {
      method: "POST",
      headers: { "content-type": "application/json", "uploadthing-hook": "callback", "x-uploadthing-signature": sign(payload, apiKey) },
      body: payload,
    });
    if (!answer.ok) return json(response, 502, { error: `callback answered ${answer.status}` });
    const timeout = new Promise((resolve) => setTimeout(() => resolve(undefined), 30_000));
    json(response, 200, { ...uploaded, serverData: (await Promise.race([serverData, timeout])) ?? null });
  }

  const server: Server = createServer((request, response) => {
    void (async () => {
      cors(request, response);
      const requestUrl = new URL(request.url ?? "/", url);
      const path = requestUrl.pathname;
      if (request.method === "OPTIONS") return void response.writeHead(204).end();
      if (request.method === "POST" && path === "/route-metadata") {
        if (!requireApiKey(request, response)) return;
        const body = JSON.parse((await bodyOf(request)).toString()) as {
          fileKeys: string[];
          metadata: unknown;
          callbackUrl: string;
          callbackSlug: string;
        };
        for (const key of body.fileKeys) registrations.set(key, { metadata: body.metadata, callbackUrl: body.callbackUrl, callbackSlug: body.callbackSlug });
        return json(response, 200, { ok: true });
      }
      if (request.method === "POST" && path === "/callback-result") {
        if (!requireApiKey(request, response)) return;
        const body = JSON.parse((await bodyOf(request)).toString()) as { fileKey: string; callbackData: unknown };
        callbackResults.get(body.fileKey)?.(body.callbackData);
        callbackResults.delete(body.fileKey);
        return json(response, 200, { ok: true });
      }
      if (request.method === "POST" && path === "/v6/deleteFiles") {
        if (!requireApiKey(request, response)) return;
        const body = JSON.parse((await bodyOf(request)).toString()) as { fileKeys: string[] };
        let deletedCount = 0;
        for (const key of body.fileKeys) {
          if (files.delete(key)) deletedCount += 1;
          deletedKeys.push(key);
        }
        return json(response, 200, { success: true, deletedCount });
      }
      const fileRead = path.match(/^\/a\/([^/]+)\/([^/]+)$/);
      if (request.method === "GET" && fileRead) {
        if (fileRead[1] !== appId || !verifySignedUrl(`${url}${request.url}`, apiKey)) return json(response, 403, { error: "bad signature" });
        const file = files.get(fileRead[2]!);
        if (!file) return json(response, 404, { error: "not found" });
        response.writeHead(200, { "Content-Type": file.type, "Content-Length": file.bytes.length });
        return void response.end(file.bytes);
      }
      const ingest = path.match(/^\/([A-Za-z0-9]+)$/);
      if (ingest && (request.method === "HEAD" || request.method === "PUT")) {
        const signed = verifySignedUrl(`${url}${request.url}`, apiKey);
        if (!signed || signed.searchParams.get("x-ut-identifier") !== appId) return json(response, 403, { error: "bad signature" });
        if (request.method === "HEAD") return void response.writeHead(200, { "x-ut-range-start": "0" }).end();
        return handleUpload(request, response, ingest[1]!, signed);
      }
      json(response, 404, { error: `stand-in has no ${request.method} ${path}` });
    })().catch((error: unknown) => {
      console.error("[uploadthing stand-in]", error);
      if (!response.headersSent) json(response, 500, { error: String(error) });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });

  return {
    url,
    token,
    files,
    deletedKeys,
    environment: {
      UPLOADTHING_TOKEN: token,
      UPLOADTHING_INGEST_URL: url,
      UPLOADTHING_API_URL: url,
      UPLOADTHING_UFS_HOST: `localhost:${port}`,
      UPLOADTHING_UFS_APP_ID_LOCATION: "path",
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

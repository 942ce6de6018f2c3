import type { Environment } from "@/lib/server/config/environment.ts";

const MiB = 1024 * 1024;

/** What one upload or view may cost the server; each has a default and an environment override (README, "Configuration"). */
export type UploadLimits = {
  /** Scans of a progressive JPEG: a decoder walks the whole image once per scan; encoders write 5 to 10. */
  maxJpegScans: number;
  /** Wall-clock limit of one decode (the check at upload, or a thumbnail made for an older file). */
  decodeTimeoutSeconds: number;
  /** Screenshot and thumbnail requests per client address and minute. */
  readsPerMinute: number;
  /** The whole body of an upload must have arrived within this time, */
  bodyTimeoutSeconds: number;
  /** and at least this fast, on average over every BODY_RATE_WINDOW_SECONDS. */
  bodyMinBytesPerSecond: number;
  /** Upload bodies this process holds in memory at once, each up to 10 MB, */
  bodyBuffers: number;
  /** of which one client (address, or IPv6 /64) gets at most this many. */
  bodyBuffersPerClient: number;
  /** Bytes one client address may store per day (UTC), whether or not its forms are sent. */
  clientDailyBytes: number;
  /** Bytes of uploads whose form was not sent yet, from everyone together. */
  pendingMaxBytes: number;
};

/** A rate counts over windows of this length, so a body may pause briefly (a phone changing cells). */
export const BODY_RATE_WINDOW_SECONDS = 10;

function positive(value: string | undefined, fallback: number): number {
  const parsed = Number(value);
  return Number.isFinite(parsed) && parsed > 0 ? parsed : fallback;
}

export function uploadLimits(env: Environment = process.env): UploadLimits {
  return {
    maxJpegScans: Math.floor(positive(env.UPLOAD_MAX_JPEG_SCANS, 32)),
    decodeTimeoutSeconds: Math.ceil(positive(env.UPLOAD_DECODE_TIMEOUT_SECONDS, 10)),
    readsPerMinute: Math.floor(positive(env.ATTACHMENT_READS_PER_MINUTE, 600)),
    bodyTimeoutSeconds: positive(env.UPLOAD_BODY_TIMEOUT_SECONDS, 120),
    bodyMinBytesPerSecond: positive(env.UPLOAD_BODY_MIN_BYTES_PER_SECOND, 8 * 1024),
    bodyBuffers: Math.floor(positive(env.UPLOAD_BODY_BUFFERS, 16)),
    bodyBuffersPerClient: Math.floor(positive(env.UPLOAD_BODY_BUFFERS_PER_CLIENT, 2)),
    clientDailyBytes: positive(env.UPLOAD_CLIENT_DAILY_MEGABYTES, 200) * MiB,
    pendingMaxBytes: positive(env.UPLOAD_PENDING_MAX_MEGABYTES, 2048) * MiB,
  };
}

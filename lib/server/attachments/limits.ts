import "server-only";
import { settings, type Settings } from "@/lib/server/config/settings.ts";

const MiB = 1024 * 1024;

/** What one upload or view may cost the server; each is a setting with a default (README, "Configuration"). */
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

export function uploadLimits(config: Settings = settings()): UploadLimits {
  return {
    maxJpegScans: config.UPLOAD_MAX_JPEG_SCANS,
    decodeTimeoutSeconds: config.UPLOAD_DECODE_TIMEOUT_SECONDS,
    readsPerMinute: config.ATTACHMENT_READS_PER_MINUTE,
    bodyTimeoutSeconds: config.UPLOAD_BODY_TIMEOUT_SECONDS,
    bodyMinBytesPerSecond: config.UPLOAD_BODY_MIN_BYTES_PER_SECOND,
    bodyBuffers: config.UPLOAD_BODY_BUFFERS,
    bodyBuffersPerClient: config.UPLOAD_BODY_BUFFERS_PER_CLIENT,
    clientDailyBytes: config.UPLOAD_CLIENT_DAILY_MEGABYTES * MiB,
    pendingMaxBytes: config.UPLOAD_PENDING_MAX_MEGABYTES * MiB,
  };
}

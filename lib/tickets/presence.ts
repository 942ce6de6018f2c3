/**
 * "Also viewing": an open ticket page sends a heartbeat every PRESENCE_HEARTBEAT_SECONDS; a
 * viewer whose last heartbeat is older than PRESENCE_TTL_SECONDS has left (closed tab, lost
 * network).
 */
export const PRESENCE_HEARTBEAT_SECONDS = 10;
export const PRESENCE_TTL_SECONDS = 30;

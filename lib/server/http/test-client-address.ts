// For tests that play several clients: headers as our server (scripts/start.ts) sets them. A test
// file sets SUPPORTGATE_SERVER_SEAL to TEST_SERVER_SEAL before the app reads its settings.
import { CLIENT_ADDRESS_HEADER, SERVER_SEAL_HEADER } from "./client-address.ts";

export const TEST_SERVER_SEAL = "test-only-server-seal-000000000000000000000";

/** The headers of a request from `address`, as our server forwards it. */
export function fromClient(address: string): Record<string, string> {
  return { [CLIENT_ADDRESS_HEADER]: address, [SERVER_SEAL_HEADER]: TEST_SERVER_SEAL };
}

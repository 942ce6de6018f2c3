import { request as playwrightRequest } from "@playwright/test";
import { E2E_AGENTS } from "../fixtures/accounts.ts";
import { expect, test } from "../fixtures/agent.ts";
import { actionPagePath, serverActions } from "../fixtures/build-manifest.ts";

/**
 * Every server action in the production build (its server-reference manifest), public or not,
 * answers through the action layer (lib/server/actions/action-client.ts): an input no form would
 * send is refused with the layer's failure shape — a refused caller first (admin actions for this
 * agent, the status-page reply without a link), then a field-by-field validation failure — never
 * with an exception, a bare value or a success. An action written without the layer would answer
 * otherwise and fail here. The caller is a signed-in agent, so proxy.ts lets every page through.
 */
const LAYER_REFUSAL = /"(serverError|validationErrors)":\{"ok":false,"code":"(UNAUTHENTICATED|FORBIDDEN|NOT_FOUND|VALIDATION_FAILED)"/;

test("every server action in the build answers through the action layer", async ({ baseURL, sessionStateFor }) => {
  const actions = serverActions();
  // the public ones as well as the dashboard's
  expect(actions.map((action) => action.exportedName)).toEqual(
    expect.arrayContaining(["submitTicketAction", "replyToTicketAction", "answerSelfHelpAction", "setLocaleAction", "claimAction", "createAgentAction"]),
  );
  const request = await playwrightRequest.newContext({ baseURL, storageState: await sessionStateFor(E2E_AGENTS[0]) });
  try {
    for (const action of actions) {
      const response = await request.post(actionPagePath(action, () => "00000000-0000-4000-8000-000000000000"), {
        headers: { "Next-Action": action.id, Accept: "text/x-component", "Content-Type": "text/plain;charset=UTF-8", Origin: baseURL! },
        data: JSON.stringify([{ probe: "not what any form sends" }]),
        maxRedirects: 0,
      });
      const label = `${action.filename}#${action.exportedName}`;
      expect(response.status(), label).toBe(200);
      expect(await response.text(), label).toMatch(LAYER_REFUSAL);
    }
  } finally {
    await request.dispose();
  }
});

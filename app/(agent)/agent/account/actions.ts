"use server";

import { revalidatePath } from "next/cache";
import { agentAction } from "@/lib/server/actions/action-client.ts";
import { regenerateRecoveryCodes, removeFactor, renameFactor } from "@/lib/server/auth/factors.ts";
import { changeOwnPassword } from "@/lib/server/auth/passwords.ts";
import { revokeOwnSession, signOutEverywhere } from "@/lib/server/auth/sessions.ts";
import { SIGN_IN_ATTEMPTS_PER_CLIENT } from "@/lib/server/auth/sign-in.ts";
import { isFresh } from "@/lib/server/auth/step-up.ts";
import { currentSession } from "@/lib/server/auth/session.ts";
import { enforceRateLimits } from "@/lib/server/rate-limit.ts";
import {
  changePasswordSchema,
  factorIdSchema,
  noInputSchema,
  renameFactorSchema,
  sessionIdSchema,
} from "@/lib/validation/account.ts";

// The agent's own account page (/agent/account). Factor changes check step-up inside the data
// functions (an agent without any factor has nothing to step up with).
const messages = "account.validation";
const ACCOUNT_PATH = "/agent/account";

export const renameFactorAction = agentAction({ name: "account.renameFactor", validationMessages: messages }, renameFactorSchema).action(
  async ({ parsedInput, ctx }) => {
    await renameFactor(ctx.actor, parsedInput);
    revalidatePath(ACCOUNT_PATH);
    return null;
  },
);

export const removeFactorAction = agentAction({ name: "account.removeFactor", validationMessages: messages }, factorIdSchema).action(
  async ({ parsedInput, ctx }) => {
    await removeFactor(ctx.actor, parsedInput);
    revalidatePath(ACCOUNT_PATH);
    return null;
  },
);

export const regenerateRecoveryCodesAction = agentAction({ name: "account.regenerateRecoveryCodes" }, noInputSchema).action(async ({ ctx }) => {
  const codes = await regenerateRecoveryCodes(ctx.actor);
  revalidatePath(ACCOUNT_PATH);
  return { codes };
});

export const changePasswordAction = agentAction({ name: "account.changePassword", validationMessages: messages }, changePasswordSchema).action(
  async ({ parsedInput, ctx }) => {
    await enforceRateLimits([[SIGN_IN_ATTEMPTS_PER_CLIENT, ctx.clientAddress]]);
    await changeOwnPassword(ctx.actor, parsedInput);
    revalidatePath(ACCOUNT_PATH);
    return null;
  },
);

export const revokeSessionAction = agentAction({ name: "account.revokeSession", validationMessages: messages }, sessionIdSchema).action(
  async ({ parsedInput, ctx }) => {
    await revokeOwnSession(ctx.actor, parsedInput.sessionId);
    revalidatePath(ACCOUNT_PATH);
    return { signedOut: parsedInput.sessionId === ctx.actor.sessionId };
  },
);

export const signOutEverywhereAction = agentAction({ name: "account.signOutEverywhere" }, noInputSchema).action(async ({ ctx }) => {
  return { ended: await signOutEverywhere(ctx.actor) };
});

/** Whether this session's second factor is fresh enough for a sensitive step (the export link asks first). */
export const stepUpStatusAction = agentAction({ name: "account.stepUpStatus" }, noInputSchema).action(async () => {
  const session = await currentSession();
  return { fresh: session?.status === "active" && isFresh(session.secondFactorAt) };
});

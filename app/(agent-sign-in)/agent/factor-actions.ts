"use server";

import { AppError } from "@/lib/errors.ts";
import { signingInAction, publicAction } from "@/lib/server/actions/action-client.ts";
import {
  beginPasskeyEnrolment,
  beginTotpEnrolment,
  confirmTotpEnrolment,
  finishPasskeyEnrolment,
  giveSecondFactorCode,
  giveSecondFactorPasskey,
  ownerOf,
  secondFactorPasskeyOptions,
} from "@/lib/server/auth/factors.ts";
import { SIGN_IN_ATTEMPTS_PER_CLIENT } from "@/lib/server/auth/sign-in.ts";
import { authenticationOptions } from "@/lib/server/auth/webauthn.ts";
import { settings } from "@/lib/server/config/settings.ts";
import { enforceRateLimits } from "@/lib/server/rate-limit.ts";
import { confirmTotpSchema, finishPasskeySchema, noInputSchema, passkeyAssertionSchema, secondFactorCodeSchema } from "@/lib/validation/account.ts";

// Second-factor actions shared by the pages that finish sign-in (/agent/verify, /agent/enrol),
// the account page and the step-up dialog. They take any open session (signingInAction): a
// session still owing its factor gives or enrols one here; a signed-in one steps up or adds one
// (lib/server/auth/factors.ts decides what each may do).
const messages = "account.validation";

/** Options for signing in with a passkey alone (the sign-in page). */
export const passkeySignInOptionsAction = publicAction({ name: "auth.passkeySignInOptions" }, noInputSchema).action(async ({ ctx }) => {
  if (settings().SSO_ONLY) throw new AppError("FORBIDDEN", { detail: "SSO_ONLY: passkey sign-in is off" });
  await enforceRateLimits([[SIGN_IN_ATTEMPTS_PER_CLIENT, ctx.clientAddress]]);
  return authenticationOptions("sign-in", null);
});

/** A TOTP or recovery code: finishes a pending sign-in, or steps a signed-in session up. */
export const giveCodeAction = signingInAction({ name: "auth.giveCode", validationMessages: messages }, secondFactorCodeSchema).action(async ({ parsedInput, ctx }) => {
  const used = await giveSecondFactorCode(ctx.subject, parsedInput.code, ctx.clientAddress);
  return { used };
});

export const passkeyFactorOptionsAction = signingInAction({ name: "auth.passkeyFactorOptions" }, noInputSchema).action(async ({ ctx }) =>
  secondFactorPasskeyOptions(ctx.subject),
);

export const givePasskeyAction = signingInAction({ name: "auth.givePasskey", validationMessages: messages }, passkeyAssertionSchema).action(
  async ({ parsedInput, ctx }) => {
    await giveSecondFactorPasskey(ctx.subject, parsedInput, ctx.clientAddress);
    return null;
  },
);

export const beginTotpAction = signingInAction({ name: "auth.beginTotp" }, noInputSchema).action(async ({ ctx }) => beginTotpEnrolment(ownerOf(ctx.subject)));

export const confirmTotpAction = signingInAction({ name: "auth.confirmTotp", validationMessages: messages }, confirmTotpSchema).action(
  async ({ parsedInput, ctx }) => confirmTotpEnrolment(ownerOf(ctx.subject), parsedInput),
);

export const beginPasskeyAction = signingInAction({ name: "auth.beginPasskey" }, noInputSchema).action(async ({ ctx }) =>
  beginPasskeyEnrolment(ownerOf(ctx.subject)),
);

export const finishPasskeyAction = signingInAction({ name: "auth.finishPasskey", validationMessages: messages }, finishPasskeySchema).action(
  async ({ parsedInput, ctx }) => finishPasskeyEnrolment(ownerOf(ctx.subject), parsedInput),
);

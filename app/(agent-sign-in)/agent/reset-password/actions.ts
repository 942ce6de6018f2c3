"use server";

import { publicAction } from "@/lib/server/actions/action-client.ts";
import { resetPasswordWithToken } from "@/lib/server/auth/passwords.ts";
import { SIGN_IN_ATTEMPTS_PER_CLIENT } from "@/lib/server/auth/sign-in.ts";
import { enforceRateLimits } from "@/lib/server/rate-limit.ts";
import { resetPasswordSchema } from "@/lib/validation/account.ts";

/** The reset-link page: anyone holding a valid link (rate-limited per client address). */
export const resetPasswordAction = publicAction({ name: "account.resetPassword", validationMessages: "account.validation" }, resetPasswordSchema).action(
  async ({ parsedInput, ctx }) => {
    await enforceRateLimits([[SIGN_IN_ATTEMPTS_PER_CLIENT, ctx.clientAddress]]);
    await resetPasswordWithToken(parsedInput);
    return null;
  },
);

"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { signIn } from "next-auth/react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { actionOutcome } from "@/lib/actions/action-result.ts";
import { signInSchema, type SignInCredentials, type SignInInput } from "@/lib/validation/auth.ts";
import { FormField } from "@/components/form-field/form-field.tsx";
import { getPasskey } from "@/components/passkeys/passkey-client.ts";
import { passkeySignInOptionsAction } from "../factor-actions.ts";

// next-auth reports a refusal as ?error=<code>: CredentialsSignin for any bad email/password,
// AccessDenied when SSO found no active agent with that verified email, or the AppError code our
// provider threw.
function errorMessageKey(error: string): string {
  if (error === "CredentialsSignin") return "errors.invalidCredentials";
  if (error === "RATE_LIMITED") return "errors.rateLimited";
  if (error === "AccessDenied") return "errors.ssoDenied";
  return "errors.unavailable";
}

type Props = {
  callbackPath: string;
  /** single sign-on, when configured */
  sso: { name: string } | null;
  /** false in SSO-only mode */
  passwordAllowed: boolean;
  /** ?error= from a redirect (e.g. SSO refused) */
  initialError: string | null;
};

export function SignInForm({ callbackPath, sso, passwordAllowed, initialError }: Props) {
  const t = useTranslations("auth");
  const [formError, setFormError] = useState<string | null>(initialError ? t(errorMessageKey(initialError)) : null);
  const [passkeyPending, setPasskeyPending] = useState(false);
  const {
    register,
    handleSubmit,
    formState: { errors, isSubmitting },
  } = useForm<SignInInput, unknown, SignInCredentials>({ resolver: zodResolver(signInSchema) });

  const onSubmit = async (credentials: SignInCredentials) => {
    setFormError(null);
    try {
      const result = await signIn("credentials", { ...credentials, redirect: false });
      if (!result || result.error || !result.ok) {
        setFormError(t(errorMessageKey(result?.error ?? "")));
        return;
      }
      // A full navigation, so the dashboard renders with the new session from the first byte
      // (or the second-factor step, when the account needs one).
      window.location.assign(callbackPath);
    } catch {
      setFormError(t("errors.unavailable"));
    }
  };

  const signInWithPasskey = async () => {
    setFormError(null);
    setPasskeyPending(true);
    try {
      const options = actionOutcome(await passkeySignInOptionsAction({}));
      if (!options.ok) return setFormError(options.code === "RATE_LIMITED" ? t("errors.rateLimited") : t("errors.unavailable"));
      const outcome = await getPasskey(options.data.options);
      if (!outcome.ok) return setFormError(t("errors.passkeyFailed"));
      const result = await signIn("passkey", { challengeId: options.data.challengeId, response: JSON.stringify(outcome.response), redirect: false });
      if (!result || result.error || !result.ok) {
        setFormError(result?.error === "CredentialsSignin" ? t("errors.passkeyFailed") : t(errorMessageKey(result?.error ?? "")));
        return;
      }
      window.location.assign(callbackPath);
    } catch {
      setFormError(t("errors.unavailable"));
    } finally {
      setPasskeyPending(false);
    }
  };

  return (
    <div className="form-stack">
      {formError && !passwordAllowed && (
        <p id="sign-in-error" className="form-alert" role="alert">
          {formError}
        </p>
      )}
      {passwordAllowed && (
        <form id="sign-in-form" className="form-stack panel" noValidate onSubmit={handleSubmit(onSubmit)} aria-describedby={formError ? "sign-in-error" : undefined}>
          {formError && (
            <p id="sign-in-error" className="form-alert" role="alert">
              {formError}
            </p>
          )}
          <FormField id="sign-in-email" label={t("email")} error={errors.email} messages="auth.validation">
            {(control) => <input type="email" autoComplete="username webauthn" inputMode="email" {...control} {...register("email")} />}
          </FormField>
          <FormField id="sign-in-password" label={t("password")} error={errors.password} messages="auth.validation">
            {(control) => <input type="password" autoComplete="current-password" {...control} {...register("password")} />}
          </FormField>
          <button type="submit" className="button" disabled={isSubmitting}>
            {isSubmitting ? t("submitting") : t("submit")}
          </button>
        </form>
      )}
      <div className="panel form-stack sign-in-alternatives">
        {passwordAllowed && (
          <button type="button" className="button button-secondary" id="passkey-sign-in" disabled={passkeyPending} onClick={signInWithPasskey}>
            {passkeyPending ? t("passkeyWorking") : t("passkey")}
          </button>
        )}
        {sso && (
          <button type="button" className="button button-secondary" id="sso-sign-in" onClick={() => void signIn("oidc", { callbackUrl: callbackPath })}>
            {t("sso", { provider: sso.name })}
          </button>
        )}
      </div>
    </div>
  );
}

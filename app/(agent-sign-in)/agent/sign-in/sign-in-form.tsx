"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { signIn } from "next-auth/react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { signInSchema, type SignInCredentials, type SignInInput } from "@/lib/validation/auth.ts";
import { FormField } from "@/components/form-field/form-field.tsx";

// next-auth reports a refusal as ?error=<code>: CredentialsSignin for any bad email/password/lock,
// or the AppError code our provider threw.
function errorMessageKey(error: string): string {
  if (error === "CredentialsSignin") return "errors.invalidCredentials";
  if (error === "RATE_LIMITED") return "errors.rateLimited";
  return "errors.unavailable";
}

export function SignInForm({ callbackPath }: { callbackPath: string }) {
  const t = useTranslations("auth");
  const [formError, setFormError] = useState<string | null>(null);
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
      // A full navigation, so the dashboard renders with the new session from the first byte.
      window.location.assign(callbackPath);
    } catch {
      setFormError(t("errors.unavailable"));
    }
  };

  return (
    <form id="sign-in-form" className="form-stack panel" noValidate onSubmit={handleSubmit(onSubmit)} aria-describedby={formError ? "sign-in-error" : undefined}>
      {formError && (
        <p id="sign-in-error" className="form-alert" role="alert">
          {formError}
        </p>
      )}
      <FormField id="sign-in-email" label={t("email")} error={errors.email} messages="auth.validation">
        {(control) => <input type="email" autoComplete="username" inputMode="email" {...control} {...register("email")} />}
      </FormField>
      <FormField id="sign-in-password" label={t("password")} error={errors.password} messages="auth.validation">
        {(control) => <input type="password" autoComplete="current-password" {...control} {...register("password")} />}
      </FormField>
      <button type="submit" className="button" disabled={isSubmitting}>
        {isSubmitting ? t("submitting") : t("submit")}
      </button>
    </form>
  );
}

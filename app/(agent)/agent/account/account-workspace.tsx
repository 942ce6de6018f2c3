"use client";

import { signOut } from "next-auth/react";
import { useFormatter, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { EnrolFactor, RecoveryCodes } from "@/components/factors/enrol-factor.tsx";
import { useStepUp } from "@/components/step-up/step-up-dialog.tsx";
import { actionOutcome } from "@/lib/actions/action-result.ts";
import { SIGN_IN_PATH } from "@/lib/auth/routes.ts";
import {
  changePasswordAction,
  regenerateRecoveryCodesAction,
  removeFactorAction,
  renameFactorAction,
  revokeSessionAction,
  signOutEverywhereAction,
} from "./actions.ts";

type Factor = { id: string; kind: "TOTP" | "WEBAUTHN"; name: string; createdAt: string; lastUsedAt: string | null };
type Session = { id: string; method: "PASSWORD" | "PASSKEY" | "SSO"; userAgent: string; clientAddress: string; createdAt: string; lastSeenAt: string; current: boolean };
type Props = { factors: Factor[]; recoveryCodesLeft: number; sessions: Session[]; limits: { hours: number; minutes: number }; passwordAllowed: boolean };

/** A short device name from a user agent: browser on system, good enough to recognise one's own. */
function deviceOf(userAgent: string): string | null {
  if (!userAgent) return null;
  const browser = /Edg\//.test(userAgent) ? "Edge" : /Firefox\//.test(userAgent) ? "Firefox" : /Chrom(e|ium)\//.test(userAgent) ? "Chrome" : /Safari\//.test(userAgent) ? "Safari" : null;
  const system = /Windows/.test(userAgent) ? "Windows" : /Android/.test(userAgent) ? "Android" : /iPhone|iPad/.test(userAgent) ? "iOS" : /Mac OS X/.test(userAgent) ? "macOS" : /Linux/.test(userAgent) ? "Linux" : null;
  return browser || system ? [browser, system].filter(Boolean).join(" · ") : userAgent.slice(0, 60);
}

async function leave() {
  await signOut({ redirect: false });
  window.location.assign(SIGN_IN_PATH);
}

export function AccountWorkspace({ factors, recoveryCodesLeft, sessions, limits, passwordAllowed }: Props) {
  const t = useTranslations("account");
  const format = useFormatter();
  const router = useRouter();
  const { withStepUp, dialog } = useStepUp();
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<{ kind: "error" | "success"; text: string } | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [renaming, setRenaming] = useState<{ id: string; name: string } | null>(null);
  const [adding, setAdding] = useState(false);
  const [password, setPassword] = useState({ currentPassword: "", newPassword: "", confirmPassword: "" });
  const [passwordErrors, setPasswordErrors] = useState<Record<string, string>>({});
  const when = (iso: string) => format.dateTime(new Date(iso), { dateStyle: "medium", timeStyle: "short" });

  const act = (work: () => Promise<void>) =>
    startTransition(async () => {
      setMessage(null);
      await work();
    });

  return (
    <div className="form-stack account-page">
      {dialog}
      {message && (
        <p className={message.kind === "error" ? "form-alert" : "field-hint"} role={message.kind === "error" ? "alert" : "status"}>
          {message.text}
        </p>
      )}
      {codes && <RecoveryCodes codes={codes} onSaved={() => setCodes(null)} />}

      <section className="panel form-stack" aria-labelledby="factors-title">
        <h2 id="factors-title">{t("factors.title")}</h2>
        {factors.length === 0 ? (
          <p>{t("factors.none")}</p>
        ) : (
          <div className="table-scroll">
            <table className="data-table" data-testid="factor-list">
              <caption className="visually-hidden">{t("factors.caption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("factors.nameColumn")}</th>
                  <th scope="col">{t("factors.kindColumn")}</th>
                  <th scope="col">{t("factors.usedColumn")}</th>
                  <th scope="col">{t("factors.actionsColumn")}</th>
                </tr>
              </thead>
              <tbody>
                {factors.map((factor) => (
                  <tr key={factor.id}>
                    <th scope="row">
                      {renaming?.id === factor.id ? (
                        <form
                          className="form-row"
                          onSubmit={(event) => {
                            event.preventDefault();
                            act(async () => {
                              const result = actionOutcome(await renameFactorAction({ factorId: factor.id, name: renaming.name }));
                              if (!result.ok) return setMessage({ kind: "error", text: result.fieldErrors?.name ?? result.message });
                              setRenaming(null);
                              setMessage({ kind: "success", text: t("factors.saved") });
                              router.refresh();
                            });
                          }}
                        >
                          <label htmlFor={`rename-${factor.id}`} className="visually-hidden">
                            {t("factors.renameLabel", { name: factor.name })}
                          </label>
                          <input id={`rename-${factor.id}`} value={renaming.name} maxLength={60} autoFocus onChange={(event) => setRenaming({ id: factor.id, name: event.target.value })} />
                          <button type="submit" className="button button-small" disabled={pending}>
                            {t("factors.save")}
                          </button>
                          <button type="button" className="button button-secondary button-small" onClick={() => setRenaming(null)}>
                            {t("factors.cancel")}
                          </button>
                        </form>
                      ) : (
                        factor.name
                      )}
                    </th>
                    <td>{t(`factors.kind.${factor.kind}`)}</td>
                    <td>{factor.lastUsedAt ? when(factor.lastUsedAt) : t("factors.neverUsed")}</td>
                    <td>
                      <div className="form-row">
                        <button type="button" className="button button-secondary button-small" onClick={() => setRenaming({ id: factor.id, name: factor.name })}>
                          {t("factors.rename")}
                        </button>
                        <button
                          type="button"
                          className="button button-danger button-small"
                          disabled={pending}
                          onClick={() => {
                            if (!window.confirm(t("factors.removeConfirm", { name: factor.name }))) return;
                            act(async () => {
                              const result = actionOutcome(await withStepUp(() => removeFactorAction({ factorId: factor.id })));
                              if (!result.ok) return setMessage({ kind: "error", text: result.message });
                              setMessage({ kind: "success", text: t("factors.removed") });
                              router.refresh();
                            });
                          }}
                        >
                          {t("factors.remove")}
                        </button>
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {factors.length > 0 && (
          <div className="form-row">
            <span data-testid="recovery-codes-left">{t("recovery.left", { count: recoveryCodesLeft })}</span>
            <button
              type="button"
              className="button button-secondary button-small"
              disabled={pending}
              onClick={() => {
                if (!window.confirm(t("recovery.regenerateConfirm"))) return;
                act(async () => {
                  const result = actionOutcome(await withStepUp(() => regenerateRecoveryCodesAction({})));
                  if (!result.ok) return setMessage({ kind: "error", text: result.message });
                  setCodes(result.data.codes);
                  router.refresh();
                });
              }}
            >
              {t("recovery.regenerate")}
            </button>
          </div>
        )}
        {adding ? (
          <EnrolFactor
            run={withStepUp}
            onEnrolled={(recoveryCodes) => {
              setAdding(false);
              if (recoveryCodes) setCodes(recoveryCodes);
              setMessage({ kind: "success", text: t("enrol.done") });
              router.refresh();
            }}
          />
        ) : (
          <button type="button" className="button" onClick={() => setAdding(true)}>
            {t("factors.addTotp")} / {t("factors.addPasskey")}
          </button>
        )}
      </section>

      <section className="panel form-stack" aria-labelledby="sessions-title">
        <h2 id="sessions-title">{t("sessions.title")}</h2>
        <p className="field-hint">{t("sessions.limits", { hours: limits.hours, minutes: limits.minutes })}</p>
        <div className="table-scroll">
          <table className="data-table" data-testid="session-list">
            <caption className="visually-hidden">{t("sessions.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("sessions.device")}</th>
                <th scope="col">{t("sessions.address")}</th>
                <th scope="col">{t("sessions.method")}</th>
                <th scope="col">{t("sessions.started")}</th>
                <th scope="col">{t("sessions.lastSeen")}</th>
                <th scope="col">{t("sessions.actionsColumn")}</th>
              </tr>
            </thead>
            <tbody>
              {sessions.map((session) => {
                const device = deviceOf(session.userAgent) ?? t("sessions.unknownDevice");
                return (
                  <tr key={session.id} data-testid={session.current ? "current-session" : "other-session"}>
                    <th scope="row">
                      {device}
                      {session.current && <span className="badge badge-muted"> {t("sessions.current")}</span>}
                    </th>
                    <td>{session.clientAddress}</td>
                    <td>{t(`sessions.methods.${session.method}`)}</td>
                    <td>{when(session.createdAt)}</td>
                    <td>{when(session.lastSeenAt)}</td>
                    <td>
                      <button
                        type="button"
                        className="button button-secondary button-small"
                        aria-label={t("sessions.revokeLabel", { device })}
                        disabled={pending}
                        onClick={() =>
                          act(async () => {
                            const result = actionOutcome(await revokeSessionAction({ sessionId: session.id }));
                            if (!result.ok) return setMessage({ kind: "error", text: result.message });
                            if (result.data.signedOut) return leave();
                            router.refresh();
                          })
                        }
                      >
                        {t("sessions.revoke")}
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        <button
          type="button"
          className="button button-danger"
          disabled={pending}
          onClick={() => {
            if (!window.confirm(t("sessions.everywhereConfirm"))) return;
            act(async () => {
              const result = actionOutcome(await signOutEverywhereAction({}));
              if (!result.ok) return setMessage({ kind: "error", text: result.message });
              await leave();
            });
          }}
        >
          {t("sessions.everywhere")}
        </button>
      </section>

      {passwordAllowed && (
        <section className="panel form-stack" aria-labelledby="password-title">
          <h2 id="password-title">{t("password.title")}</h2>
          <form
            className="form-stack"
            id="change-password-form"
            noValidate
            onSubmit={(event) => {
              event.preventDefault();
              act(async () => {
                setPasswordErrors({});
                const result = actionOutcome(await changePasswordAction(password));
                if (!result.ok) {
                  setPasswordErrors(result.fieldErrors ?? {});
                  if (!result.fieldErrors) setMessage({ kind: "error", text: result.message });
                  return;
                }
                setPassword({ currentPassword: "", newPassword: "", confirmPassword: "" });
                setMessage({ kind: "success", text: t("password.changed") });
                router.refresh();
              });
            }}
          >
            {(
              [
                ["currentPassword", t("password.current"), "current-password"],
                ["newPassword", t("password.new"), "new-password"],
                ["confirmPassword", t("password.confirm"), "new-password"],
              ] as const
            ).map(([name, label, autoComplete]) => (
              <div className="field" key={name}>
                <label htmlFor={`password-${name}`}>{label}</label>
                <input
                  id={`password-${name}`}
                  type="password"
                  autoComplete={autoComplete}
                  value={password[name]}
                  onChange={(event) => setPassword({ ...password, [name]: event.target.value })}
                  aria-invalid={passwordErrors[name] ? true : undefined}
                  aria-describedby={passwordErrors[name] ? `password-${name}-error` : undefined}
                />
                {passwordErrors[name] && (
                  <p id={`password-${name}-error`} className="field-error">
                    {passwordErrors[name]}
                  </p>
                )}
              </div>
            ))}
            <button type="submit" className="button" disabled={pending}>
              {t("password.submit")}
            </button>
          </form>
        </section>
      )}
    </div>
  );
}

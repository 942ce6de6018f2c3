"use client";

import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { USER_ROLES } from "@/lib/validation/admin.ts";
import {
  changeAgentRoleAction,
  endAgentSessionsAction,
  resetAgentFactorsAction,
  sendPasswordResetAction,
  setAgentActiveAction,
  unlockAgentAction,
} from "../actions.ts";
import { actionOutcome, type ActionResponse } from "@/lib/actions/action-result.ts";
import { useStepUp } from "@/components/step-up/step-up-dialog.tsx";

type Props = {
  agent: { id: string; name: string; email: string; role: (typeof USER_ROLES)[number]; active: boolean; factorCount: number };
  isSelf: boolean;
};

/**
 * Role change, (de)activation and sign-in help for one account; refusals (last admin, yourself)
 * show inline. Changing a role and resetting factors ask for a fresh second factor (step-up).
 */
export function AgentRowActions({ agent, isSelf }: Props) {
  const t = useTranslations("admin");
  const { withStepUp, dialog } = useStepUp();
  const [role, setRole] = useState(agent.role);
  const [message, setMessage] = useState<{ kind: "error" | "success"; text: string } | null>(null);
  const [pending, startTransition] = useTransition();
  const selectId = `role-${agent.id}`;
  const messageId = `agent-message-${agent.id}`;

  const run = (work: () => Promise<ActionResponse<null> | undefined>, success: string = t("agents.saved")) =>
    startTransition(async () => {
      setMessage(null);
      const result = actionOutcome(await withStepUp(work));
      setMessage(result.ok ? { kind: "success", text: success } : { kind: "error", text: result.message });
    });

  return (
    <div className="form-stack">
      {dialog}
      <div className="form-row">
        <div className="field">
          <label htmlFor={selectId} className="visually-hidden">
            {t("agents.roleFor", { name: agent.name })}
          </label>
          <select id={selectId} value={role} onChange={(event) => setRole(event.target.value as typeof role)} aria-describedby={message ? messageId : undefined}>
            {USER_ROLES.map((option) => (
              <option key={option} value={option}>
                {t(`roles.${option}`)}
              </option>
            ))}
          </select>
        </div>
        <button
          type="button"
          className="button button-secondary button-small"
          disabled={pending || role === agent.role}
          onClick={() => run(() => changeAgentRoleAction({ userId: agent.id, role }))}
        >
          {t("agents.changeRole")}
        </button>
        {agent.active ? (
          !isSelf && (
            <button
              type="button"
              className="button button-danger button-small"
              disabled={pending}
              onClick={() => {
                if (window.confirm(t("agents.deactivateConfirm", { name: agent.name }))) {
                  run(() => setAgentActiveAction({ userId: agent.id, active: false }));
                }
              }}
            >
              {t("agents.deactivate")}
            </button>
          )
        ) : (
          <button
            type="button"
            className="button button-secondary button-small"
            disabled={pending}
            onClick={() => run(() => setAgentActiveAction({ userId: agent.id, active: true }))}
          >
            {t("agents.reactivate")}
          </button>
        )}
      </div>
      {agent.active && (
        <details className="agent-sign-in-help">
          <summary>{t("agents.more", { name: agent.name })}</summary>
          <div className="form-row">
            <button type="button" className="button button-secondary button-small" disabled={pending} onClick={() => run(() => unlockAgentAction({ userId: agent.id }), t("agents.unlocked"))}>
              {t("agents.unlock")}
            </button>
            <button
              type="button"
              className="button button-secondary button-small"
              disabled={pending}
              onClick={() => run(() => sendPasswordResetAction({ userId: agent.id }), t("agents.resetSent", { email: agent.email }))}
            >
              {t("agents.sendReset")}
            </button>
            {agent.factorCount > 0 && (
              <button
                type="button"
                className="button button-danger button-small"
                disabled={pending}
                onClick={() => {
                  if (window.confirm(t("agents.resetFactorsConfirm", { name: agent.name }))) run(() => resetAgentFactorsAction({ userId: agent.id }));
                }}
              >
                {t("agents.resetFactors")}
              </button>
            )}
            {!isSelf && (
              <button
                type="button"
                className="button button-secondary button-small"
                disabled={pending}
                onClick={() => {
                  if (window.confirm(t("agents.endSessionsConfirm", { name: agent.name }))) run(() => endAgentSessionsAction({ userId: agent.id }), t("agents.sessionsEnded"));
                }}
              >
                {t("agents.endSessions")}
              </button>
            )}
          </div>
        </details>
      )}
      {message && (
        <p id={messageId} className={message.kind === "error" ? "field-error" : "field-hint"} role={message.kind === "error" ? "alert" : "status"}>
          {message.text}
        </p>
      )}
    </div>
  );
}

"use client";

import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { USER_ROLES } from "@/lib/validation/admin.ts";
import { changeAgentRoleAction, setAgentActiveAction } from "../actions.ts";
import { actionOutcome, type ActionResponse } from "@/lib/actions/action-result.ts";

type Props = { agent: { id: string; name: string; role: (typeof USER_ROLES)[number]; active: boolean }; isSelf: boolean };

/** Role change and (de)activation for one account; refusals (last admin, yourself) show inline. */
export function AgentRowActions({ agent, isSelf }: Props) {
  const t = useTranslations("admin");
  const [role, setRole] = useState(agent.role);
  const [message, setMessage] = useState<{ kind: "error" | "success"; text: string } | null>(null);
  const [pending, startTransition] = useTransition();
  const selectId = `role-${agent.id}`;
  const messageId = `agent-message-${agent.id}`;

  const run = (work: () => Promise<ActionResponse<null>>) =>
    startTransition(async () => {
      setMessage(null);
      const result = actionOutcome(await work());
      setMessage(result.ok ? { kind: "success", text: t("agents.saved") } : { kind: "error", text: result.message });
    });

  return (
    <div className="form-stack">
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
      {message && (
        <p id={messageId} className={message.kind === "error" ? "field-error" : "field-hint"} role={message.kind === "error" ? "alert" : "status"}>
          {message.text}
        </p>
      )}
    </div>
  );
}

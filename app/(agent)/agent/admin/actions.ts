"use server";

import { revalidatePath } from "next/cache";
import { changeAgentRole, createAgent, setAgentActive } from "@/lib/server/admin/agents.ts";
import { saveCannedResponse, setCannedResponseActive } from "@/lib/server/admin/canned-responses.ts";
import { retryOutboxMessage } from "@/lib/server/admin/outbox.ts";
import { updateSlaTargets } from "@/lib/server/admin/sla-targets.ts";
import { runAction, type ActionResult } from "@/lib/server/actions/run-action.ts";
import { requireAdmin } from "@/lib/server/auth/session.ts";

// Every action checks the session and role itself, before looking at its input; the data
// functions check again inside their transaction.

export async function createAgentAction(input: unknown): Promise<ActionResult<{ id: string }>> {
  return runAction("admin.createAgent", async () => {
    const actor = await requireAdmin();
    const agent = await createAgent(actor, input);
    revalidatePath("/agent/admin/agents");
    return { id: agent.id };
  });
}

export async function changeAgentRoleAction(input: unknown): Promise<ActionResult> {
  return runAction("admin.changeAgentRole", async () => {
    const actor = await requireAdmin();
    await changeAgentRole(actor, input);
    revalidatePath("/agent", "layout");
    return null;
  });
}

export async function setAgentActiveAction(input: unknown): Promise<ActionResult> {
  return runAction("admin.setAgentActive", async () => {
    const actor = await requireAdmin();
    await setAgentActive(actor, input);
    revalidatePath("/agent/admin/agents");
    return null;
  });
}

export async function saveCannedResponseAction(input: unknown): Promise<ActionResult<{ id: string }>> {
  return runAction("admin.saveCannedResponse", async () => {
    const actor = await requireAdmin();
    const saved = await saveCannedResponse(actor, input);
    revalidatePath("/agent/admin/canned-responses");
    return { id: saved.id };
  });
}

export async function setCannedResponseActiveAction(input: unknown): Promise<ActionResult> {
  return runAction("admin.setCannedResponseActive", async () => {
    const actor = await requireAdmin();
    await setCannedResponseActive(actor, input);
    revalidatePath("/agent/admin/canned-responses");
    return null;
  });
}

export async function updateSlaTargetsAction(input: unknown): Promise<ActionResult> {
  return runAction("admin.updateSlaTargets", async () => {
    const actor = await requireAdmin();
    await updateSlaTargets(actor, input);
    revalidatePath("/agent/admin/sla-targets");
    return null;
  });
}

export async function retryOutboxMessageAction(input: unknown): Promise<ActionResult> {
  return runAction("admin.retryOutboxMessage", async () => {
    const actor = await requireAdmin();
    await retryOutboxMessage(actor, input);
    revalidatePath("/agent/admin/outbox");
    return null;
  });
}

"use server";

import { revalidatePath } from "next/cache";
import { adminAction } from "@/lib/server/actions/action-client.ts";
import { changeAgentRole, createAgent, endAgentSessions, resetAgentFactors, sendPasswordReset, setAgentActive, unlockAgent } from "@/lib/server/admin/agents.ts";
import { updateSecurityPolicy } from "@/lib/server/admin/security-policy.ts";
import { saveCannedResponse, setCannedResponseActive } from "@/lib/server/admin/canned-responses.ts";
import { retryOutboxMessage } from "@/lib/server/admin/outbox.ts";
import { updateSlaTargets } from "@/lib/server/admin/sla-targets.ts";
import {
  cannedResponseSchema,
  agentTargetSchema,
  changeRoleSchema,
  securityPolicySchema,
  createAgentSchema,
  retryOutboxMessageSchema,
  setAgentActiveSchema,
  setCannedResponseActiveSchema,
  slaTargetsSchema,
} from "@/lib/validation/admin.ts";

// The data functions check the admin again inside their transaction (adminTransaction).
const adminMessages = "admin.validation";

export const createAgentAction = adminAction({ name: "admin.createAgent", validationMessages: adminMessages }, createAgentSchema).action(
  async ({ parsedInput, ctx }) => {
    const agent = await createAgent(ctx.actor, parsedInput);
    revalidatePath("/agent/admin/agents");
    return { id: agent.id };
  },
);

// stepUp: changing a role needs a fresh second factor (README "Agent sign-in").
export const changeAgentRoleAction = adminAction({ name: "admin.changeAgentRole", validationMessages: adminMessages, stepUp: true }, changeRoleSchema).action(
  async ({ parsedInput, ctx }) => {
    await changeAgentRole(ctx.actor, parsedInput);
    revalidatePath("/agent", "layout");
    return null;
  },
);

export const setAgentActiveAction = adminAction({ name: "admin.setAgentActive", validationMessages: adminMessages }, setAgentActiveSchema).action(
  async ({ parsedInput, ctx }) => {
    await setAgentActive(ctx.actor, parsedInput);
    revalidatePath("/agent/admin/agents");
    return null;
  },
);

export const saveCannedResponseAction = adminAction(
  { name: "admin.saveCannedResponse", validationMessages: adminMessages },
  cannedResponseSchema,
).action(async ({ parsedInput, ctx }) => {
  const saved = await saveCannedResponse(ctx.actor, parsedInput);
  revalidatePath("/agent/admin/canned-responses");
  return { id: saved.id };
});

export const setCannedResponseActiveAction = adminAction(
  { name: "admin.setCannedResponseActive", validationMessages: adminMessages },
  setCannedResponseActiveSchema,
).action(async ({ parsedInput, ctx }) => {
  await setCannedResponseActive(ctx.actor, parsedInput);
  revalidatePath("/agent/admin/canned-responses");
  return null;
});

export const updateSlaTargetsAction = adminAction({ name: "admin.updateSlaTargets", validationMessages: adminMessages }, slaTargetsSchema).action(
  async ({ parsedInput, ctx }) => {
    await updateSlaTargets(ctx.actor, parsedInput);
    revalidatePath("/agent/admin/sla-targets");
    return null;
  },
);

export const retryOutboxMessageAction = adminAction(
  { name: "admin.retryOutboxMessage", validationMessages: adminMessages },
  retryOutboxMessageSchema,
).action(async ({ parsedInput, ctx }) => {
  await retryOutboxMessage(ctx.actor, parsedInput);
  revalidatePath("/agent/admin/outbox");
  return null;
});

// Agent sign-in administration (README "Agent sign-in"). Resetting factors and changing the MFA
// policy need a fresh second factor; unlocking, reset links and ending sessions only help an agent
// back in or keep someone out.
export const unlockAgentAction = adminAction({ name: "admin.unlockAgent", validationMessages: adminMessages }, agentTargetSchema).action(
  async ({ parsedInput, ctx }) => {
    await unlockAgent(ctx.actor, parsedInput);
    revalidatePath("/agent/admin/agents");
    return null;
  },
);

export const sendPasswordResetAction = adminAction({ name: "admin.sendPasswordReset", validationMessages: adminMessages }, agentTargetSchema).action(
  async ({ parsedInput, ctx }) => {
    await sendPasswordReset(ctx.actor, parsedInput);
    return null;
  },
);

export const resetAgentFactorsAction = adminAction(
  { name: "admin.resetAgentFactors", validationMessages: adminMessages, stepUp: true },
  agentTargetSchema,
).action(async ({ parsedInput, ctx }) => {
  await resetAgentFactors(ctx.actor, parsedInput);
  revalidatePath("/agent/admin/agents");
  return null;
});

export const endAgentSessionsAction = adminAction({ name: "admin.endAgentSessions", validationMessages: adminMessages }, agentTargetSchema).action(
  async ({ parsedInput, ctx }) => {
    await endAgentSessions(ctx.actor, parsedInput);
    return null;
  },
);

export const updateSecurityPolicyAction = adminAction(
  { name: "admin.updateSecurityPolicy", validationMessages: adminMessages, stepUp: true },
  securityPolicySchema,
).action(async ({ parsedInput, ctx }) => {
  await updateSecurityPolicy(ctx.actor, parsedInput);
  revalidatePath("/agent/admin/security");
  return null;
});

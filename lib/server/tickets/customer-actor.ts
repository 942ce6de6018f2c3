import "server-only";
import type { PrismaClient } from "@/generated/prisma/client.ts";
import { prisma } from "@/lib/server/db/client.ts";
import { hashStatusToken } from "./status-link.ts";

declare const customerActorBrand: unique symbol;

/**
 * The holder of a ticket's private status link, as data functions that act for a customer take
 * it. Only customerForStatusToken makes one, from a token that named an existing ticket; data
 * functions still match the token's hash in their own query, so the link stays the authority.
 */
export type CustomerActor = Readonly<{ ticketId: string; statusTokenHash: string }> & { readonly [customerActorBrand]: true };

// Far above a real token (43 characters); longer input is not worth hashing.
const MAX_TOKEN_LENGTH = 200;

/**
 * The customer a status-link token stands for, or null. Every token, however malformed, is
 * hashed and looked up the same way (as for the status page), so a wrong link cannot be told
 * from an unknown one.
 */
export async function customerForStatusToken(token: unknown, db: PrismaClient = prisma()): Promise<CustomerActor | null> {
  if (typeof token !== "string" || token.length > MAX_TOKEN_LENGTH) return null;
  const statusTokenHash = hashStatusToken(token);
  const ticket = await db.ticket.findUnique({ where: { statusTokenHash }, select: { id: true } });
  return ticket ? ({ ticketId: ticket.id, statusTokenHash } as CustomerActor) : null;
}

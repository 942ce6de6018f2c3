import "server-only";
import type { Prisma, PrismaClient } from "@/generated/prisma/client.ts";
import { generatePassword, hashPassword } from "@/lib/server/auth/password.ts";
import { randomUUID } from "node:crypto";
import { generateReference } from "@/lib/server/tickets/reference.ts";
import { hashStatusToken, statusTokenFor } from "@/lib/server/tickets/status-link.ts";
import { intakePriority, type PriorityCode } from "@/lib/tickets/priority.ts";
import { DEFAULT_FIRST_RESPONSE_MINUTES, slaDueAt } from "@/lib/tickets/sla.ts";
import type { TicketIntake } from "@/lib/validation/ticket.ts";
import { applicationSecret } from "@/lib/server/config/secrets.ts";
import type { Settings } from "@/lib/server/config/settings.ts";

type DemoStatus = "NEW" | "OPEN" | "PENDING" | "RESOLVED" | "CLOSED";

type DemoTicket = Pick<TicketIntake, "category" | "language" | "description" | "details"> & {
  contactEmail: string;
  status: DemoStatus;
  ageHours: number;
  /** index into DEMO_AGENTS */
  assignee?: number;
  stepsTried?: { stepKey: string; answer: string }[];
  agentReply?: string;
  internalNote?: string;
  customerReply?: string;
};

export const DEMO_AGENTS = [
  { email: "aiko.sato@example.com", name: "佐藤 愛子" },
  { email: "ben.carter@example.com", name: "Ben Carter" },
  { email: "kenji.mori@example.com", name: "森 健二" },
] as const;

// Descriptions are what anxious customers actually write: short, partly redundant, sometimes
// with the exact error text. Facts follow the seeds (spam folders, time drift, lost phones …).
export const DEMO_TICKETS: DemoTicket[] = [
  {
    category: "EMAIL", language: "ja", status: "NEW", ageHours: 0.5, contactEmail: "haruka.t@example.jp",
    description: "新規登録の認証メールが届きません。迷惑メールフォルダも確認しましたが見つかりません。再送信も1回押しました。",
    details: { mailType: "SIGNUP_VERIFICATION", mailProvider: "Gmail", checkedSpam: true },
    stepsTried: [
      { stepKey: "email.address-typo", answer: "STILL_STUCK" },
      { stepKey: "email.spam-folder", answer: "STILL_STUCK" },
      { stepKey: "email.wait-delay", answer: "STILL_STUCK" },
      { stepKey: "email.resend-once", answer: "STILL_STUCK" },
      { stepKey: "email.already-registered", answer: "STILL_STUCK" },
      { stepKey: "email.security-filter", answer: "STILL_STUCK" },
      { stepKey: "email.service-status", answer: "STILL_STUCK" },
    ],
  },
  {
    category: "EMAIL", language: "en", status: "OPEN", ageHours: 5, assignee: 1, contactEmail: "m.rossi@example.com",
    description: "Password reset email never arrives. I use Outlook and I have waited more than an hour already.",
    details: { mailType: "PASSWORD_RESET", mailProvider: "Outlook", checkedSpam: false },
    internalNote: "Mail log shows 'deferred' from the recipient's server; asked the mail team to check.",
  },
  {
    category: "EMAIL", language: "ja", status: "PENDING", ageHours: 30, assignee: 0, contactEmail: "yuto.k@example.jp",
    description: "出金確認メールが来ないので出金が止まっています。登録したメールアドレスは以前のものかもしれません。",
    details: { registeredEmail: "yuto.old@example.jp", mailType: "WITHDRAWAL_CONFIRMATION", checkedSpam: true },
    agentReply: "お問い合わせありがとうございます。ご登録のメールアドレスを確認するため、アカウント作成時期の目安を教えていただけますか。",
  },
  {
    category: "EMAIL", language: "en", status: "RESOLVED", ageHours: 72, assignee: 1, contactEmail: "olivia.n@example.org",
    description: "Verification mail was in a folder called 'Promotions'. Leaving this for your records, it works now but it took 3 hours.",
    details: { mailType: "SIGNUP_VERIFICATION", mailProvider: "Gmail", checkedSpam: true },
    agentReply: "Thanks for letting us know. Adding our sender address to your contacts will keep future mails in your inbox.",
  },
  {
    category: "EMAIL", language: "ja", status: "CLOSED", ageHours: 240, assignee: 2, contactEmail: "s.ito@example.jp",
    description: "会社のメールでは認証メールが届きませんでした。セキュリティソフトで止められていたようです。",
    details: { mailType: "SIGNUP_VERIFICATION", mailProvider: "社内メール", checkedSpam: true },
    agentReply: "セキュリティ設定で当社の送信元を許可いただければ届くようになります。解決とのことでクローズいたします。",
  },
  {
    category: "TWO_FA", language: "ja", status: "NEW", ageHours: 1, contactEmail: "daiki.h@example.jp",
    description: "機種変更したら認証アプリのコードがなくなりました。バックアップキーは保存していません。電話番号も登録していないと思います。",
    details: { problem: "LOST_DEVICE", hasBackupKey: false, phoneVerified: "NO", deviceChangedRecently: true },
    stepsTried: [
      { stepKey: "two-fa.lost-device", answer: "LOST" },
      { stepKey: "two-fa.backup-key", answer: "NO" },
      { stepKey: "two-fa.verified-phone", answer: "NO" },
      { stepKey: "two-fa.reset-request", answer: "STILL_STUCK" },
    ],
  },
  {
    category: "TWO_FA", language: "en", status: "OPEN", ageHours: 3, assignee: 1, contactEmail: "j.walker@example.com",
    description: "The authenticator codes are always rejected, even right after they change. Same phone as always.",
    details: { problem: "CODE_REJECTED", hasBackupKey: true, phoneVerified: "YES", deviceChangedRecently: false },
    stepsTried: [
      { stepKey: "two-fa.lost-device", answer: "HAVE_APP" },
      { stepKey: "two-fa.current-code", answer: "STILL_STUCK" },
      { stepKey: "two-fa.time-sync", answer: "STILL_STUCK" },
      { stepKey: "two-fa.right-entry", answer: "STILL_STUCK" },
      { stepKey: "two-fa.backup-key", answer: "YES" },
      { stepKey: "two-fa.restore-with-key", answer: "STILL_STUCK" },
      { stepKey: "two-fa.verified-phone", answer: "YES" },
      { stepKey: "two-fa.sms-instead", answer: "STILL_STUCK" },
      { stepKey: "two-fa.reset-request", answer: "STILL_STUCK" },
    ],
    internalNote: "Possibly a second account with the same email — check which entry the app uses.",
  },
  {
    category: "TWO_FA", language: "ja", status: "PENDING", ageHours: 20, assignee: 0, contactEmail: "mio.a@example.jp",
    description: "2段階認証のリセットをお願いしたいです。スマホを紛失しました。SMS認証は設定済みです。",
    details: { problem: "RESET_REQUEST", hasBackupKey: false, phoneVerified: "YES", deviceChangedRecently: false },
    agentReply: "本人確認のため、ご登録の電話番号宛てにSMSでコードをお送りしました。ログイン画面から「SMSで認証」をお選びください。",
  },
  {
    category: "TWO_FA", language: "en", status: "RESOLVED", ageHours: 50, assignee: 2, contactEmail: "p.fernandes@example.com",
    description: "Lost my phone, but I found the backup key on paper. Restored the authenticator, all good now.",
    details: { problem: "LOST_DEVICE", hasBackupKey: true, phoneVerified: "UNKNOWN", deviceChangedRecently: true },
    agentReply: "Great to hear. Keep the backup key somewhere offline and safe; support will never ask you for it.",
  },
  {
    category: "TWO_FA", language: "en", status: "NEW", ageHours: 0.2, contactEmail: "alex.kim@example.com",
    description: "Got a new phone and there is no backup key anywhere. I never verified a phone number either. Please help.",
    details: { problem: "NO_BACKUP_KEY", hasBackupKey: false, phoneVerified: "UNKNOWN", deviceChangedRecently: true },
  },
  {
    category: "SMS", language: "ja", status: "NEW", ageHours: 2, contactEmail: "rina.o@example.jp",
    description: "SMSの認証コードが届きません。海外出張中でローミングしています。",
    details: { phoneNumber: "+819012345678", carrier: "docomo", problem: "NO_SMS", currentCountry: "SG" },
    stepsTried: [
      { stepKey: "sms.symptom", answer: "NO_SMS" },
      { stepKey: "sms.number-format", answer: "STILL_STUCK" },
      { stepKey: "sms.signal-roaming", answer: "STILL_STUCK" },
      { stepKey: "sms.carrier-filter", answer: "STILL_STUCK" },
      { stepKey: "sms.wait-resend", answer: "STILL_STUCK" },
      { stepKey: "sms.authenticator", answer: "STILL_STUCK" },
    ],
  },
  {
    category: "SMS", language: "en", status: "OPEN", ageHours: 10, assignee: 1, contactEmail: "t.nguyen@example.com",
    description: "I changed my phone number last month and cannot receive the SMS code anymore. Need to update the number.",
    details: { phoneNumber: "+14155550123", problem: "NUMBER_CHANGED", currentCountry: "US" },
  },
  {
    category: "SMS", language: "ja", status: "RESOLVED", ageHours: 96, assignee: 2, contactEmail: "kaito.m@example.jp",
    description: "迷惑SMSフィルタが原因でコードが届いていませんでした。フィルタを解除したら届きました。",
    details: { phoneNumber: "+818012345678", carrier: "au", problem: "NO_SMS", currentCountry: "JP" },
    agentReply: "ご連絡ありがとうございます。今後は認証アプリへの切り替えもご検討ください。",
  },
  {
    category: "SMS", language: "en", status: "PENDING", ageHours: 40, assignee: 0, contactEmail: "l.schmidt@example.de",
    description: "The code from the SMS says invalid every time. I requested it maybe five times in a row.",
    details: { phoneNumber: "+4915123456789", carrier: "Telekom", problem: "CODE_REJECTED", currentCountry: "DE" },
    agentReply: "Each new request cancels the previous code. Please wait two minutes, request once, and use only the latest SMS.",
    customerReply: "Ok I will try again tonight.",
  },
  {
    category: "ACCOUNT", language: "ja", status: "NEW", ageHours: 0.1, contactEmail: "takumi.y@example.jp",
    description: "身に覚えのないログイン通知が来ました。パスワードは変更しましたが、不正アクセスされたかもしれません。",
    details: { problem: "UNAUTHORIZED_ACCESS", suspectedUnauthorizedAccess: true },
  },
  {
    category: "ACCOUNT", language: "en", status: "OPEN", ageHours: 6, assignee: 1, contactEmail: "c.dubois@example.fr",
    description: "My account is frozen. The notice says unusual activity. I have ID documents ready if needed.",
    details: { problem: "FROZEN", noticeReason: "Unusual activity detected", suspectedUnauthorizedAccess: false },
    internalNote: "Risk team flagged two withdrawals from a new IP; waiting for their go-ahead.",
  },
  {
    category: "ACCOUNT", language: "ja", status: "OPEN", ageHours: 12, assignee: 0, contactEmail: "nana.s@example.jp",
    description: "アカウントが凍結されました。本人確認書類の提出が終わっていないとの表示です。",
    details: { problem: "FROZEN", noticeReason: "本人確認が完了していません", suspectedUnauthorizedAccess: false },
  },
  {
    category: "ACCOUNT", language: "en", status: "PENDING", ageHours: 26, assignee: 2, contactEmail: "r.patel@example.com",
    description: "Cannot log in, the puzzle captcha keeps failing and then it says try again later.",
    details: { problem: "CANNOT_LOGIN", suspectedUnauthorizedAccess: false },
    agentReply: "Please try a different browser with extensions disabled, and wait 30 minutes before the next attempt.",
  },
  {
    category: "ACCOUNT", language: "ja", status: "RESOLVED", ageHours: 120, assignee: 0, contactEmail: "emi.w@example.jp",
    description: "本人確認(KYC)の審査がずっと終わりません。追加で必要な書類があれば教えてください。",
    details: { problem: "KYC", suspectedUnauthorizedAccess: false },
    agentReply: "審査が完了しました。ご不便をおかけしました。",
  },
  {
    category: "ACCOUNT", language: "en", status: "CLOSED", ageHours: 300, assignee: 1, contactEmail: "h.larsen@example.no",
    description: "Forgot my password and the reset link expired. Solved after requesting a new link, thanks.",
    details: { problem: "CANNOT_LOGIN", suspectedUnauthorizedAccess: false },
    agentReply: "Glad it worked. Reset links are valid for 30 minutes.",
  },
];

const HOUR = 3_600_000;

/**
 * Seeds demo agents and tickets once (when there are no tickets yet). Agents get one generated
 * password, printed this one time, unless DEMO_AGENT_PASSWORD is set.
 */
export async function seedDemoData(
  prisma: PrismaClient,
  options: { config: Settings; log: (line: string) => void; now?: Date },
): Promise<{ seeded: boolean }> {
  if (await prisma.ticket.count()) return { seeded: false };
  const now = options.now ?? new Date();
  const agentPassword = options.config.DEMO_AGENT_PASSWORD || generatePassword();
  const secret = applicationSecret(options.config);
  const passwordHash = await hashPassword(agentPassword);
  const agentIds: string[] = [];
  for (const agent of DEMO_AGENTS) {
    const user = await prisma.user.upsert({
      where: { email: agent.email },
      create: { email: agent.email, name: agent.name, role: "AGENT", passwordHash },
      update: {},
      select: { id: true },
    });
    agentIds.push(user.id);
  }
  const targets = new Map(
    (await prisma.slaTarget.findMany()).map((target) => [target.priority, target.firstResponseMinutes]),
  );

  for (const demo of DEMO_TICKETS) {
    const createdAt = new Date(now.getTime() - demo.ageHours * HOUR);
    const priority: PriorityCode = intakePriority(demo as Parameters<typeof intakePriority>[0]);
    const minutes = targets.get(priority) ?? DEFAULT_FIRST_RESPONSE_MINUTES[priority];
    const assigneeId = demo.assignee === undefined ? null : (agentIds[demo.assignee] ?? null);
    const answered = Boolean(demo.agentReply);
    const resolvedAt =
      demo.status === "RESOLVED" || demo.status === "CLOSED" ? new Date(createdAt.getTime() + 0.6 * demo.ageHours * HOUR) : null;
    const firstRespondedAt = answered ? new Date(createdAt.getTime() + Math.min(0.5 * demo.ageHours, 20) * HOUR) : null;

    await prisma.$transaction(async (tx) => {
      let selfHelpSessionId: string | undefined;
      if (demo.stepsTried?.length) {
        const session = await tx.selfHelpSession.create({
          data: {
            category: demo.category,
            language: demo.language,
            outcome: "ESCALATED",
            startedAt: new Date(createdAt.getTime() - 10 * 60_000),
            endedAt: createdAt,
            steps: {
              create: demo.stepsTried.map((step, position) => ({
                position,
                stepKey: step.stepKey,
                answer: step.answer,
                shownAt: new Date(createdAt.getTime() - (10 - position) * 60_000),
                answeredAt: new Date(createdAt.getTime() - (9 - position) * 60_000),
              })),
            },
          },
          select: { id: true },
        });
        selfHelpSessionId = session.id;
      }
      const ticketId = randomUUID();
      const ticket = await tx.ticket.create({
        data: {
          id: ticketId,
          reference: generateReference(),
          statusTokenHash: hashStatusToken(statusTokenFor(ticketId, secret)),
          category: demo.category,
          status: demo.status,
          priority,
          contactEmail: demo.contactEmail,
          language: demo.language,
          description: demo.description,
          details: demo.details as Prisma.InputJsonValue,
          slaDueAt: slaDueAt(createdAt, minutes),
          firstRespondedAt,
          resolvedAt,
          closedAt: demo.status === "CLOSED" ? resolvedAt : null,
          assigneeId,
          selfHelpSessionId,
          createdAt,
          updatedAt: createdAt,
        },
        select: { id: true },
      });
      await tx.auditEvent.create({
        data: { ticketId: ticket.id, actorType: "CUSTOMER", action: "ticket.created", createdAt },
      });
      if (assigneeId) {
        await tx.auditEvent.create({
          data: {
            ticketId: ticket.id, actorType: "AGENT", actorId: assigneeId, action: "ticket.claimed",
            field: "assignee", toValue: assigneeId, createdAt: new Date(createdAt.getTime() + 0.1 * demo.ageHours * HOUR),
          },
        });
      }
      if (demo.internalNote && assigneeId) {
        await tx.message.create({
          data: { ticketId: ticket.id, kind: "INTERNAL_NOTE", authorType: "AGENT", authorId: assigneeId, body: demo.internalNote,
            createdAt: new Date(createdAt.getTime() + 0.2 * demo.ageHours * HOUR) },
        });
      }
      if (demo.agentReply && firstRespondedAt) {
        await tx.message.create({
          data: { ticketId: ticket.id, kind: "PUBLIC_REPLY", authorType: "AGENT", authorId: assigneeId, body: demo.agentReply,
            createdAt: firstRespondedAt },
        });
      }
      if (demo.customerReply) {
        await tx.message.create({
          data: { ticketId: ticket.id, kind: "PUBLIC_REPLY", authorType: "CUSTOMER", body: demo.customerReply,
            createdAt: new Date(createdAt.getTime() + 0.8 * demo.ageHours * HOUR) },
        });
      }
      if (demo.status !== "NEW" && demo.status !== "OPEN") {
        await tx.auditEvent.create({
          data: { ticketId: ticket.id, actorType: "AGENT", actorId: assigneeId, action: "ticket.status_changed",
            field: "status", fromValue: "OPEN", toValue: demo.status, createdAt: resolvedAt ?? firstRespondedAt ?? createdAt },
        });
      }
    });
  }

  options.log(`Seeded ${DEMO_TICKETS.length} demo tickets and ${DEMO_AGENTS.length} agents.`);
  if (!options.config.DEMO_AGENT_PASSWORD) {
    options.log(`  Demo agents (${DEMO_AGENTS.map((agent) => agent.email).join(", ")}) share the password: ${agentPassword}`);
  }
  return { seeded: true };
}

// 32-client intake load with autocannon: every request has its own Idempotency-Key and contact
// email, and every answer is kept, so the database can be checked request by request afterwards.
import { randomUUID } from "node:crypto";
import autocannon from "autocannon";
import { intakeBody } from "./intake.ts";

export type RequestOutcome = { key: string; body: string; email: string; status?: number; answer?: string; retryAfter?: string; answeredAt?: number };

type LoadContext = { key?: string };

export type IntakeLoad = {
  outcomes: Map<string, RequestOutcome>;
  finished: Promise<autocannon.Result>;
};

export function startIntakeLoad(baseURL: string, { connections = 32, durationSeconds }: { connections?: number; durationSeconds: number }): IntakeLoad {
  const run = randomUUID().slice(0, 8);
  const outcomes = new Map<string, RequestOutcome>();
  let counter = 0;
  // without a callback autocannon answers with a promise of its result
  const finished = autocannon({
    url: `${baseURL}/api/v1/tickets`,
    connections,
    duration: durationSeconds,
    // an answer slower than this counts as a hang
    timeout: 20,
    // At most 5 requests a second per client: above what the app serves on a small machine, and
    // a bound on the new requests clients make while reconnecting to a killed app.
    overallRate: connections * 5,
    requests: [
      {
        setupRequest: (request, context) => {
          const key = `load-${run}-${++counter}`;
          const payload = intakeBody(key);
          const body = JSON.stringify(payload);
          outcomes.set(key, { key, body, email: payload.contactEmail });
          (context as LoadContext).key = key;
          return { ...request, method: "POST", headers: { "content-type": "application/json", "idempotency-key": key }, body };
        },
        onResponse: (status, body, context, headers) => {
          const outcome = outcomes.get((context as LoadContext).key ?? "");
          if (!outcome) return;
          outcome.status = status;
          outcome.answeredAt = Date.now();
          outcome.answer = body;
          outcome.retryAfter = (headers as Record<string, string | undefined>)["retry-after"];
        },
      },
    ],
  });
  return { outcomes, finished };
}

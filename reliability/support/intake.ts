// Valid intake bodies and the calls the scenarios make to the public intake API.
import { randomUUID } from "node:crypto";

export type IntakeBody = {
  category: "EMAIL";
  contactEmail: string;
  language: "en" | "ja";
  description: string;
  details: { mailType: "SIGNUP_VERIFICATION"; checkedSpam: boolean };
};

/** A valid EMAIL ticket whose contact email carries `tag`, so each request's ticket can be found. */
export function intakeBody(tag: string, language: "en" | "ja" = "en"): IntakeBody {
  return {
    category: "EMAIL",
    contactEmail: `${tag}@reliability.test`.toLowerCase(),
    language,
    description: `The verification mail never arrives (${tag}).`,
    details: { mailType: "SIGNUP_VERIFICATION", checkedSpam: true },
  };
}

export type IntakeAnswer = { status: number; body: string; headers: Headers };

export async function postIntake(
  baseURL: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<IntakeAnswer> {
  const response = await fetch(`${baseURL}/api/v1/tickets`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  return { status: response.status, body: await response.text(), headers: response.headers };
}

/** Files a ticket and returns its reference and the customer's status token. */
export async function fileTicket(baseURL: string, tag = randomUUID()): Promise<{ reference: string; statusToken: string }> {
  const answer = await postIntake(baseURL, intakeBody(tag));
  if (answer.status !== 201) throw new Error(`intake answered ${answer.status}: ${answer.body}`);
  const { reference, statusUrl } = JSON.parse(answer.body) as { reference: string; statusUrl: string };
  return { reference, statusToken: new URL(statusUrl).pathname.split("/").pop()! };
}

/** Runs `work` over `items` with at most `concurrency` at a time. */
export async function inParallel<T, R>(items: readonly T[], concurrency: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index]!, index);
      }
    }),
  );
  return results;
}

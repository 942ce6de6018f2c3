// An agent signing in through next-auth's credentials endpoint, as the sign-in form does.

export type SignInAnswer = { status: number; signedIn: boolean; error: string | null; body: string; sessionCookie: string | null };

function cookiesOf(response: Response): string[] {
  return response.headers.getSetCookie().map((cookie) => cookie.split(";")[0]!);
}

export async function signInOverHttp(
  baseURL: string,
  credentials: { email: string; password: string },
  { headers = {}, withCsrfToken = true }: { headers?: Record<string, string>; withCsrfToken?: boolean } = {},
): Promise<SignInAnswer> {
  const csrf = await fetch(`${baseURL}/api/auth/csrf`, { headers });
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const form = new URLSearchParams({ email: credentials.email, password: credentials.password, json: "true", callbackUrl: `${baseURL}/agent` });
  if (withCsrfToken) form.set("csrfToken", csrfToken);
  const response = await fetch(`${baseURL}/api/auth/callback/credentials`, {
    method: "POST",
    headers: { ...headers, cookie: cookiesOf(csrf).join("; "), "content-type": "application/x-www-form-urlencoded", origin: baseURL },
    body: form,
    redirect: "manual",
  });
  const body = await response.text();
  const location = response.headers.get("location") ?? ((): string => {
    try {
      return (JSON.parse(body) as { url?: string }).url ?? "";
    } catch {
      return "";
    }
  })();
  const sessionCookie = cookiesOf(response).find((cookie) => cookie.startsWith("next-auth.session-token=")) ?? null;
  let error: string | null = null;
  try {
    error = new URL(location, baseURL).searchParams.get("error");
  } catch {
    // no location
  }
  return { status: response.status, signedIn: sessionCookie !== null, error, body, sessionCookie };
}

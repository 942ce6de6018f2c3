/** Where the dashboard lives and where signed-out agents are sent. */
export const DASHBOARD_PATH = "/agent";
export const SIGN_IN_PATH = "/agent/sign-in";
/** Where a signed-in session gives its second factor, or enrols a first one (README "Agent sign-in"). */
export const VERIFY_PATH = "/agent/verify";
export const ENROL_PATH = "/agent/enrol";
export const ACCOUNT_PATH = "/agent/account";

/** Pages outside the dashboard layout: sign-in and the steps that finish it. */
export function isSignInFlowPath(pathname: string): boolean {
  return [SIGN_IN_PATH, VERIFY_PATH, ENROL_PATH].includes(pathname) || pathname.startsWith("/agent/reset-password/");
}

export function secondFactorPathFor(mustEnrol: boolean, callbackPath: string): string {
  return `${mustEnrol ? ENROL_PATH : VERIFY_PATH}?${new URLSearchParams({ callbackUrl: callbackPath })}`;
}

export function isDashboardPath(pathname: string): boolean {
  return pathname === DASHBOARD_PATH || pathname.startsWith(`${DASHBOARD_PATH}/`);
}

/** The sign-in page that returns to `callbackPath` afterwards. */
export function signInPathFor(callbackPath: string): string {
  return `${SIGN_IN_PATH}?${new URLSearchParams({ callbackUrl: callbackPath })}`;
}

const PLACEHOLDER_ORIGIN = "http://placeholder.invalid";

/**
 * Where to go after signing in: only paths inside the dashboard, so a crafted
 * ?callbackUrl=https://evil.example (or //evil.example) cannot make the sign-in page an open
 * redirect.
 */
export function safeCallbackPath(value: string | null | undefined): string {
  if (!value) return DASHBOARD_PATH;
  let url: URL;
  try {
    url = new URL(value, PLACEHOLDER_ORIGIN);
  } catch {
    return DASHBOARD_PATH;
  }
  if (url.origin !== PLACEHOLDER_ORIGIN || !isDashboardPath(url.pathname) || isSignInFlowPath(url.pathname)) {
    return DASHBOARD_PATH;
  }
  return `${url.pathname}${url.search}${url.hash}`;
}

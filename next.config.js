import createNextIntlPlugin from "next-intl/plugin";

const withNextIntl = createNextIntlPlugin("./lib/i18n/request.ts");

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native or WASM packages are loaded from node_modules at run time rather than bundled.
  serverExternalPackages: [
    "@electric-sql/pglite",
    "pglite-prisma-adapter",
    "@prisma/adapter-pg",
    "pg",
    "sharp",
    "@node-rs/argon2",
    "nodemailer",
  ],
  poweredByHeader: false,
  reactStrictMode: true,
  // Headers for every response, API routes and files included. The CSP (it needs a per-request
  // nonce) is set in proxy.ts; HSTS (it depends on TLS at the proxy) in scripts/start.ts.
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
        ],
      },
      // The content editor's phone preview is framed by the editor's page (CSP: proxy.ts).
      {
        source: "/agent/content/:category/preview/:path*",
        headers: [{ key: "X-Frame-Options", value: "SAMEORIGIN" }],
      },
      // A status link is a credential: never hand it on in a Referer, never let it be indexed.
      // Listed last: for the same header on the same path, the last matching entry wins.
      {
        source: "/status/:path*",
        headers: [
          { key: "Referrer-Policy", value: "no-referrer" },
          { key: "X-Robots-Tag", value: "noindex, nofollow" },
        ],
      },
    ];
  },
};

export default withNextIntl(nextConfig);

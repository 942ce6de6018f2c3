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
};

export default withNextIntl(nextConfig);

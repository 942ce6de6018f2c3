// Some npm registry mirrors (this project's CI machine's among them) carry only the linux-x64
// builds of platform-specific packages. `npm install` then leaves the other platforms' optional
// packages out of package-lock.json, and `npm ci` refuses the lock as out of sync. This adds the
// missing entries, marked optional with the os/cpu their names state, so npm ci skips them on
// other platforms exactly as it would with a complete lock. Run after changing dependencies:
//   node scripts/complete-lockfile.mjs
import fs from "node:fs";

const OPERATING_SYSTEMS = ["darwin", "win32", "linux", "android", "freebsd", "openbsd", "netbsd", "sunos", "aix", "openharmony"];
const CPUS = ["arm64", "x64", "ia32", "arm", "ppc64", "s390x", "riscv64", "loong64", "wasm32", "mips64el"];

function platformOf(packageName) {
  const parts = packageName.split("/").pop().split("-");
  return { os: parts.find((part) => OPERATING_SYSTEMS.includes(part)), cpu: parts.find((part) => CPUS.includes(part)) };
}

const file = "package-lock.json";
const lock = JSON.parse(fs.readFileSync(file, "utf8"));
const added = [];
for (const entry of Object.values(lock.packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const key = `node_modules/${name}`;
    if (Object.keys(lock.packages).some((path) => path === key || path.endsWith(`/${key}`))) continue;
    const { os, cpu } = platformOf(name);
    if (!os && !cpu) throw new Error(`cannot tell the platform of optional package ${name}`);
    lock.packages[key] = { version, optional: true, ...(os && { os: [os] }), ...(cpu && { cpu: [cpu] }) };
    added.push(`${name}@${version}`);
  }
}
fs.writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(added.length ? `added ${added.length} platform entries: ${added.join(", ")}` : "package-lock.json is complete");

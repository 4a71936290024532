/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite loads its WASM and data files from disk; bundling it breaks those paths.
  serverExternalPackages: ['@electric-sql/pglite', '@node-rs/argon2', 'pg'],
  poweredByHeader: false,
  // Typecheck is its own gate (`npm run typecheck`, which also covers tests and scripts).
  typescript: { ignoreBuildErrors: true },
};

export default nextConfig;
